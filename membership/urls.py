"""The membership app's pages (my own profile page is the site's: community/urls.py)."""

from django.urls import path

from membership.history import view as history
from membership.erasure import view as erasure
from membership.profile import view as profile
from membership.visibility import view as visibility

urlpatterns = [
    path("members/me/edit/", profile.edit_my_profile, name="edit-my-profile"),
    path("members/<uuid:member_id>/history/", history.member_history, name="member-history"),
    path("members/me/visibility/", visibility.change_visibility, name="profile-visibility"),
    path("members/me/delete/", erasure.delete_me, name="delete-me"),
    path("members/<uuid:public_id>/", profile.member_profile, name="member-profile"),
]
