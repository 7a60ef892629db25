from django.contrib import admin

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


# Last, after every other user admin registration: deleting a user erases the member.
route_user_deletes_through_erasure(admin.site)
