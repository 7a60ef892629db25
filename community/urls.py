from django.contrib import admin
from django.urls import include, path

from community.meetups.listing import view as listing
from community.meetups.roster import view as roster
from community.meetups.rsvp import view as rsvp
from membership.profile import view as profile

urlpatterns = [
    path("", listing.home, name="home"),
    path("meetups/", listing.meetup_list, name="meetup-list"),
    path("calendar.ics", listing.calendar_ics, name="calendar-ics"),
    path("meetups/<slug:slug>.ics", listing.meetup_ics, name="meetup-ics"),
    path("meetups/<slug:slug>/", listing.meetup_detail, name="meetup-detail"),
    path("meetups/<slug:slug>/rsvp/", rsvp.rsvp_view, name="meetup-rsvp"),
    path("meetups/<slug:slug>/rsvp/cancel/", rsvp.cancel_rsvp_view, name="meetup-rsvp-cancel"),
    path("meetups/<slug:slug>/roster/", roster.roster, name="meetup-roster"),
    path("meetups/<slug:slug>/roster.csv", roster.roster_csv, name="meetup-roster-csv"),
    path("meetups/<slug:slug>/roster/check-in/", roster.check_in_view, name="meetup-check-in"),
    path("meetups/<slug:slug>/roster/promote/", roster.promote_view, name="meetup-promote"),
    path("meetups/<slug:slug>/roster/remove/", roster.remove_view, name="meetup-rsvp-remove"),
    path("members/me/", profile.my_profile, name="my-profile"),
    path("members/me/edit/", profile.edit_my_profile, name="edit-my-profile"),
    path("members/<uuid:member_id>/", profile.member_profile, name="member-profile"),
    path("", include("talks.member_urls")),
    path("", include("talks.organiser_urls")),
    path("", include("talks.archive_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
