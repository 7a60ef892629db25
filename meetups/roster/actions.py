"""What the organisers' roster actions (check-in, give a seat, remove) share: the member
they act on, and the answer, which is the roster's lists again (htmx) or the roster page
with a message."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from meetups.read_models import get_meetup
from meetups.roster.rows import roster_rows
from meetups.roster.why import attach_why
from membership.read_models import member_stream
from web.htmx import wants_fragment
from web.refusals import Answer, respond

ROSTER = "meetups/roster/roster.html"


def roster_answer(request: HttpRequest, slug: str) -> Answer:
    def answer(level: int, text: str) -> HttpResponse:
        if wants_fragment(request):
            meetup = get_meetup(slug)
            going, waitlist = roster_rows(meetup)
            attach_why(meetup.stream_id, going, waitlist)
            context = {
                "meetup": meetup, "going": going, "waitlist": waitlist, "roster_message": text,
                "roster_message_class": "message-success" if level == messages.SUCCESS else "message-warning",
            }
            return render(request, ROSTER + "#roster-lists", context)
        messages.add_message(request, level, text)
        return redirect("meetup-roster", slug=slug)

    return answer


def roster_action(request: HttpRequest, slug: str, command: Callable[[UUID, str], object], done: str) -> HttpResponse:
    """Run `command(member_id, by)` for the member named in the POST (by: the organiser's
    member id); a refusal is a message."""
    get_meetup(slug)
    try:
        member_id = UUID(request.POST.get("member_id", ""))
    except ValueError:
        return HttpResponse("Missing or malformed member_id.", status=400)
    by = str(member_stream(request.user.pk))
    return respond(lambda: command(member_id, by), answer=roster_answer(request, slug), done=done)
