# Django finds the projection models of the community app here.
from meetups.listing.projection import MeetupListing
from meetups.preferences.projection import MemberPreferences
from meetups.roster.projection import RosterEntry
from meetups.series.projection import SeriesListing

__all__ = ["MeetupListing", "MemberPreferences", "RosterEntry", "SeriesListing"]
