"""A command sent from a page, and what the person sees: the one place a refused command
(eventstore.errors.CommandRefused, whose message is written for the person) is caught.

    return respond(lambda: rsvp(...), answer=panel_answer, done="You're going!")
    result, refusal = attempt(lambda: update_profile(...))   # forms, the admin, scripts

`answer(level, text)` makes the response: an htmx fragment with the message in it, or a
message and a redirect (post/redirect/get) with `redirect_with_message`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from eventstore.errors import CommandRefused

T = TypeVar("T")
Answer = Callable[[int, str], HttpResponse]
Done = str | tuple[int, str] | Callable[[T], str | tuple[int, str]]


def attempt(command: Callable[[], T]) -> tuple[T | None, str | None]:
    """(what the command returned, None), or (None, why it was refused)."""
    try:
        return command(), None
    except CommandRefused as refusal:
        return None, refusal.message


def respond(command: Callable[[], T], *, answer: Answer, done: Done) -> HttpResponse:
    """Run the command and answer: a refusal as a warning, else `done` (a text, a
    (level, text) pair, or a function of the command's result giving one) as a success."""
    result, refusal = attempt(command)
    if refusal is not None:
        return answer(messages.WARNING, refusal)
    outcome = done(result) if callable(done) else done
    level, text = outcome if isinstance(outcome, tuple) else (messages.SUCCESS, outcome)
    return answer(level, text)


def redirect_with_message(request: HttpRequest, to: str) -> Answer:
    """The answer without JavaScript: the message, then back to a page."""

    def answer(level: int, text: str) -> HttpResponse:
        if text:
            messages.add_message(request, level, text)
        return redirect(to)

    return answer
