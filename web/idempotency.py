"""Idempotency keys in the site's forms (docs/decisions/0020-idempotency-keys.md).

    {% csrf_token %}{% idempotency_key %}      in every form that sends a command

renders a hidden `idempotency_key` input with a new random token, for a signed-in person
only (a page served to anonymous visitors from shared prepared output never carries one:
its forms that send commands are behind sign-in anyway). IdempotencyMiddleware sends a
signed-in POST that carries a well-formed key through eventstore.idempotency.once: the
first submission runs and its answer is kept with its events; a repeat (a double click,
a resent request, ten at once) gets that answer again, a redirect to the same page
(with a note that it was already done) or the same htmx fragment, without running the
command again. With or without JavaScript alike: htmx sends the form's inputs too.
"""

from __future__ import annotations

import secrets

from django import template
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html

from eventstore.idempotency import Answer, is_key, once

FIELD = "idempotency_key"
# What a page being prepared (web/prepared.py) holds where each form's key goes: members in
# the same state share the prepared page, so every form of every response gets its own
# key when the page is written out, never the one it was rendered with.
KEY_PLACEHOLDER = "idempotency-key-goes-here-5b1d"
ALREADY_DONE = "That was already done (the form was sent more than once)."

register = template.Library()


def new_key() -> str:
    return secrets.token_urlsafe(24)


@register.simple_tag(takes_context=True)
def idempotency_key(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    key = KEY_PLACEHOLDER if getattr(request, "_preparing_page", False) else new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)


def _answer_of(response: HttpResponse) -> Answer | None:
    if response.status_code >= 400 or getattr(response, "streaming", False):
        return None
    if isinstance(response, HttpResponseRedirect) or 300 <= response.status_code < 400:
        return Answer(response.status_code, location=response["Location"])
    return Answer(
        response.status_code, content_type=response.get("Content-Type", ""),
        body=response.content.decode(response.charset or "utf-8", "replace"),
    )


def _replay(request: HttpRequest, answer: Answer) -> HttpResponse:
    if answer.location:
        messages.info(request, ALREADY_DONE)
        response = HttpResponseRedirect(answer.location)
        response.status_code = answer.status
        return response
    return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type or None)


def exempt(view):
    """A view whose command must not run inside the submission's transaction (erasure:
    it rebuilds projections and compacts SQLite after its own commit); it relies on its
    decision being idempotent (erased already) instead."""
    view.idempotency_exempt = True
    return view


class IdempotencyMiddleware:
    """After authentication and messages (CSRF is checked before its process_view): a
    signed-in POST with a key runs its view once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "idempotency_exempt", False):
            return None
        if not request.user.is_authenticated:
            return None
        try:
            key = request.POST.get(FIELD, "")
        except Exception:  # noqa: BLE001 - a body Django cannot parse: the view answers it (400)
            return None
        if not isinstance(key, str) or not is_key(key):
            return None
        with once(request.user.pk, key) as submission:
            if submission.answer is not None:
                return _replay(request, submission.answer)
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response = response.render()  # a TemplateResponse: its answer is what it renders
            if (answer := _answer_of(response)) is not None:
                submission.answered(answer)
            return response
