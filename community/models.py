# Django finds the projection models of the community app here.
from community.meetups.listing.projection import MeetupListing
from community.meetups.roster.projection import RosterEntry

__all__ = ["MeetupListing", "RosterEntry"]
