"""The meetups app's pages (the meetup page itself is the site's: community/urls.py)."""

from django.urls import path

from meetups.checkin import view as checkin
from meetups.history import view as history
from meetups.listing import view as listing
from meetups.preferences import view as preferences
from meetups.roster import view as roster
from meetups.rsvp import view as rsvp
from meetups.seats import view as seats
from meetups.undo import view as undo

urlpatterns = [
    path("meetups/", listing.meetup_list, name="meetup-list"),
    path("calendar.ics", listing.calendar_ics, name="calendar-ics"),
    path("meetups/<slug:slug>.ics", listing.meetup_ics, name="meetup-ics"),
    # issue 11: mail preferences, unsubscribe links, personal calendar feeds
    path("members/me/mail/", preferences.mail_preferences, name="mail-preferences"),
    path("mail/unsubscribe/<str:token>/", preferences.unsubscribe_view, name="mail-unsubscribe"),
    path("calendar/<str:token>.ics", preferences.personal_calendar, name="personal-calendar"),
    path("meetups/<slug:slug>/rsvp/", rsvp.rsvp_view, name="meetup-rsvp"),
    path("meetups/<slug:slug>/rsvp/cancel/", rsvp.cancel_rsvp_view, name="meetup-rsvp-cancel"),
    path("meetups/<slug:slug>/seats/", rsvp.seats, name="meetup-seats"),
    path("meetups/<slug:slug>/history/", history.meetup_history, name="meetup-history"),
    path("meetups/<slug:slug>/history/undo/", undo.undo_view, name="meetup-undo"),
    path("meetups/<slug:slug>/going-list/", rsvp.going_list_view, name="meetup-going-list"),
    path("meetups/<slug:slug>/roster/", roster.roster, name="meetup-roster"),
    path("meetups/<slug:slug>/roster.csv", roster.roster_csv, name="meetup-roster-csv"),
    path("meetups/<slug:slug>/roster/check-in/", checkin.check_in_view, name="meetup-check-in"),
    path("meetups/<slug:slug>/roster/promote/", seats.promote_view, name="meetup-promote"),
    path("meetups/<slug:slug>/roster/remove/", seats.remove_view, name="meetup-rsvp-remove"),
]
