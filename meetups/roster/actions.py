"""What the organisers' roster actions (check-in, give a seat, remove) share: the member
they act on, and the answer, which is the roster's lists again (htmx) or the roster page
with a message."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from meetups.read_models import get_meetup
from meetups.roster.rows import roster_filters, roster_rows
from meetups.roster.why import attach_why
from membership.read_models import member_stream
from web.htmx import wants_fragment
from web.refusals import Answer, respond

ROSTER = "meetups/roster/roster.html"


def roster_answer(request: HttpRequest, slug: str) -> Answer:
    search, order = roster_filters(request.POST)

    def answer(level: int, text: str) -> HttpResponse:
        if wants_fragment(request):
            meetup = get_meetup(slug)
            going, waitlist = roster_rows(meetup, search=search, order=order)
            attach_why(meetup.stream_id, going, waitlist)
            context = {
                "meetup": meetup, "going": going, "waitlist": waitlist, "roster_message": text, "q": search, "order": order,
                "roster_message_class": "message-success" if level == messages.SUCCESS else "message-warning",
            }
            return render(request, ROSTER + "#roster-lists", context)
        messages.add_message(request, level, text)
        # Back to the same search and order, at the row acted on (without JavaScript).
        query = urlencode({k: v for k, v in (("q", search), ("order", order)) if v and v != "rsvp"})
        anchor = f"#member-{member}" if (member := request.POST.get("member_id", "")) and _is_uuid(member) else ""
        return HttpResponseRedirect(reverse("meetup-roster", args=[slug]) + (f"?{query}" if query else "") + anchor)

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


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True
