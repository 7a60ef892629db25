"""Who the events of a request are done by: the signed-in member, as an organiser when
they have staff rights, else as a member (docs/decisions/0011-actor-in-the-envelope.md).
A visitor who is not signed in acts as nobody yet; the commands a visitor can run
(joining) say who acted themselves."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from eventstore.context import acting_as
from membership.streams import member_stream


class ActorMiddleware:
    """After AuthenticationMiddleware: the user is known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            with acting_as(None, "member", "not signed in"):
                return self.get_response(request)
        with acting_as(member_stream(user.pk), "organiser" if user.is_staff else "member"):
            return self.get_response(request)
