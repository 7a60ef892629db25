"""Who the events of a request are done by: the signed-in member, as an organiser when
they have staff rights, else as a member (docs/decisions/0011-actor-in-the-envelope.md).
A visitor who is not signed in acts as nobody yet; the commands a visitor can run
(joining) say who acted themselves."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from eventstore.context import Actor, acting_as_found_by
from membership.streams import member_stream


def actor_of(request: HttpRequest) -> Actor:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Actor(None, "member", "not signed in")
    return Actor(member_stream(user.pk), "organiser" if user.is_staff else "member")


class ActorMiddleware:
    """After AuthenticationMiddleware. The user is looked at only if the request appends
    an event (a page that only reads keeps its caching headers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as_found_by(lambda: actor_of(request)):
            return self.get_response(request)
