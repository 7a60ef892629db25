from django.contrib import admin
from django.urls import include, path

from community.home import home
from membership.profile import view as profile

urlpatterns = [
    path("", home, name="home"),
    path("members/me/", profile.my_profile, name="my-profile"),
    path("members/me/edit/", profile.edit_my_profile, name="edit-my-profile"),
    path("members/<uuid:member_id>/", profile.member_profile, name="member-profile"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
