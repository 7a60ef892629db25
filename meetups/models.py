# Django finds the projection models of the community app here.
from meetups.listing.projection import MeetupListing
from meetups.roster.projection import RosterEntry

__all__ = ["MeetupListing", "RosterEntry"]
