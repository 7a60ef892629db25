"""allauth's account mail (address verification, password reset, "you already have an
account") through the outbox: recorded in the database, then tried at once; when the
mail server is down the page says so instead of failing, nothing of the account is
lost, and the worker keeps trying (eventstore/outbox.py)."""

from __future__ import annotations

from uuid import uuid4

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils.html import strip_tags

from eventstore import outbox
from web.site_url import rebased

NOT_SENT_YET = (
    "We could not send the email to {address} just now: our mail server is not available. "
    "The email is saved and we will keep trying for the next few hours, so it will reach you "
    "once the server is back. You do not need to ask for it again."
)
ADDRESS_REFUSED = (
    "We could not send the email to {address}: the mail server refused that address. "
    "Please check it for typing mistakes."
)
# allauth's "Confirmation email sent to ..." would contradict the warning above.
CONFIRMATION_SENT = "account/messages/email_confirmation_sent.txt"
_NOT_SENT = "_account_mail_not_sent"  # on the request: the addresses whose mail did not go out


class AccountAdapter(DefaultAccountAdapter):
    # The links in account mail start with SITE_URL, not with the request's Host.
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return rebased(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return rebased(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = self.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}  # the site's adapter names the group
        message = self.render_mail(template_prefix, email, context)
        body, html = message.body, next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        if message.content_subtype == "html":  # an HTML-only template
            body, html = strip_tags(body), body
        queued = outbox.enqueue(
            key=f"accounts:{uuid4()}", source="accounts", to=email, subject=message.subject, body=body, html=html,
        )

        def try_now() -> None:
            if outbox.deliver_now(queued) or request is None:
                return
            now = outbox.OutboxMessage.objects.get(pk=queued.pk)
            if now.status == outbox.OutboxMessage.SENT or (now.status == outbox.OutboxMessage.PENDING and not now.attempts):
                return  # the worker took it first (and sends it)
            refused = now.status == outbox.OutboxMessage.FAILED
            messages.warning(request, (ADDRESS_REFUSED if refused else NOT_SENT_YET).format(address=email))
            setattr(request, _NOT_SENT, {*getattr(request, _NOT_SENT, ()), email})

        transaction.on_commit(try_now)

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        if message_template == CONFIRMATION_SENT and (message_context or {}).get("email") in getattr(request, _NOT_SENT, ()):
            return
        super().add_message(
            request, level, message_template=message_template, message_context=message_context, extra_tags=extra_tags,
            message=message,
        )
