"""Root URLs: the pages that compose several apps, then each app's own."""

from django.contrib import admin
from django.urls import include, path

from community.favicon import favicon
from community.group.view import about, edit_group
from community.home.view import home
from community.meetup_page.view import meetup_page
from community.my_profile.view import my_profile

urlpatterns = [
    path("", home, name="home"),
    path("about/", about, name="about"),
    path("favicon.ico", favicon, name="favicon"),
    path("organisers/group/", edit_group, name="edit-group"),
    path("meetups/<slug:slug>/", meetup_page, name="meetup-detail"),
    path("members/me/", my_profile, name="my-profile"),
    path("", include("meetups.urls")),
    path("", include("membership.urls")),
    path("", include("talks.member_urls")),
    path("", include("talks.organiser_urls")),
    path("", include("talks.archive_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
