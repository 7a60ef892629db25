from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from membership.erasure.admin import route_user_deletes_through_erasure
from membership.members.projection import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Read-only: members change only through commands (their own profile page, or
    `manage.py appoint_organiser`)."""

    list_display = ["display_name", "email", "is_organiser", "joined_at"]
    list_filter = ["is_organiser"]
    search_fields = ["display_name", "email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_view(self, request, object_id, extra_context=None):
        """The admin's History button: the member's history read from their log."""
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return HttpResponseRedirect(reverse("member-history", args=[obj.member_id]))


# The user admin, whose staff rights change only through the organiser commands.
from membership.organisers import admin as _organisers_admin  # noqa: E402, F401

# Last, after every other user admin registration: deleting a user erases the member.
route_user_deletes_through_erasure(admin.site)
