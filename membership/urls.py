"""The membership app's pages (my own profile page is the site's: community/urls.py)."""

from django.urls import path

from membership.history import view as history
from membership.profile import view as profile

urlpatterns = [
    path("members/me/edit/", profile.edit_my_profile, name="edit-my-profile"),
    path("members/<uuid:member_id>/history/", history.member_history, name="member-history"),
    path("members/<uuid:member_id>/", profile.member_profile, name="member-profile"),
]
