from django.contrib import admin

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
