"""The Django user admin, with staff rights changed only through the organiser commands:
is_staff, is_superuser, groups and permissions are shown read-only, and the list's
actions "Appoint as organisers" and "Stand down as organisers" send the commands, so
every change of rights is an event in the member's stream (who did it, when) and the log
stays the whole truth."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from membership.organisers.command import appoint_organiser, stand_down_organiser
from membership.streams import member_stream
from web.refusals import attempt

RIGHTS = ("is_staff", "is_superuser", "groups", "user_permissions")

User = get_user_model()


class UserAdmin(DjangoUserAdmin):
    actions = ["appoint_organisers", "stand_down_organisers"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *RIGHTS, "last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [
            (name, {**options, "description": "Rights change only with the list's actions “Appoint as organisers” "
                    "and “Stand down as organisers”: each is recorded in the member's history."})
            if "is_staff" in options.get("fields", ()) else (name, options)
            for name, options in fieldsets
        ]

    def _run(self, request, queryset, command, done: str) -> None:
        by = str(member_stream(request.user.pk))
        changed = 0
        for user in queryset:
            _, refusal = attempt(lambda user=user: command(user_id=user.pk, by=by))
            if refusal is not None:
                self.message_user(request, f"{user.email}: {refusal}", messages.WARNING)
            else:
                changed += 1
        if changed:
            self.message_user(request, f"{changed} {done}.", messages.SUCCESS)

    @admin.action(description="Appoint as organisers (staff rights)", permissions=["change"])
    def appoint_organisers(self, request, queryset):
        self._run(request, queryset, appoint_organiser, "appointed organiser")

    @admin.action(description="Stand down as organisers (rights taken away)", permissions=["change"])
    def stand_down_organisers(self, request, queryset):
        self._run(request, queryset, stand_down_organiser, "stood down")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)
