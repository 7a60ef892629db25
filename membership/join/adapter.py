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

NOT_SENT_YET = (
    "We could not send the email to {address} just now. We will keep trying for the next "
    "few hours; if it has not arrived in a few minutes, you can ask for it again."
)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = self.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
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
            if not outbox.deliver_now(queued) and request is not None:
                messages.warning(request, NOT_SENT_YET.format(address=email))

        transaction.on_commit(try_now)
