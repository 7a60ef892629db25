"""The organisers' list of outgoing email (the outbox): what was sent, what waits for the
mail server and why, what was given up on. Read-only: rows are written by automations
and the account pages and changed only by the worker's delivery (eventstore/outbox.py);
the one thing an organiser may do is ask for another try now."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.text import Truncator

from eventstore import outbox
from eventstore.models import OutboxMessage

ERROR_SHOWN = 80  # characters of the last error in the list; the full text is on the email's page


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["to", "subject", "status", "attempts", "next_attempt_at", "error"]
    list_filter = ["status", "source"]
    search_fields = ["to", "subject"]
    ordering = ["-created_at", "-pk"]
    fields = [
        "to", "subject", "status", "attempts", "next_attempt_at", "last_error", "sent_at", "created_at", "source",
        "notification_id", "key", "body", "html",
    ]
    readonly_fields = fields
    actions = ["try_again_now"]

    @admin.display(description="last error")
    def error(self, message: OutboxMessage) -> str:
        return Truncator(message.last_error).chars(ERROR_SHOWN)

    @admin.action(description="Try again now", permissions=["change"])
    def try_again_now(self, request, queryset) -> None:
        chosen = list(queryset)
        again = outbox.retry(chosen)
        sent = len(chosen) - again
        if again:
            self.message_user(
                request,
                f"{again} email{'s' if again != 1 else ''} will be tried again in a moment, with a fresh count of attempts.",
                messages.SUCCESS,
            )
        if sent:
            self.message_user(
                request, f"{sent} email{'s were' if sent != 1 else ' was'} sent already and will not be sent again.",
                messages.WARNING,
            )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The change permission is for the action on the list; an email's own page only shows it.
        return obj is None and super().has_change_permission(request)
