"""Root URLs: the pages that compose several apps, then each app's own."""

from django.contrib import admin
from django.urls import include, path

from community.admin_login import admin_login
from community.audit.view import audit
from community.favicon import favicon
from community.group.view import about, edit_group
from community.healthz.view import healthz
from community.home.view import home
from community.meetup_page.view import meetup_page
from community.my_data.view import export_my_data
from community.my_profile.view import my_profile

urlpatterns = [
    path("", home, name="home"),
    path("about/", about, name="about"),
    path("favicon.ico", favicon, name="favicon"),
    path("organisers/group/", edit_group, name="edit-group"),
    path("meetups/<slug:slug>/", meetup_page, name="meetup-detail"),
    path("members/me/", my_profile, name="my-profile"),
    path("organisers/audit/", audit, name="audit"),
    path("members/me/export/", export_my_data, name="my-data-export"),
    path("", include("meetups.urls")),
    path("", include("membership.urls")),
    path("", include("talks.member_urls")),
    path("", include("talks.organiser_urls")),
    path("", include("talks.archive_urls")),
    path("accounts/", include("allauth.urls")),
    # The admin signs in through allauth's login, rate limited in the shared cache like every
    # other sign-in (the admin's own form had no throttling at all).
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler500 = "community.errors.server_error"
