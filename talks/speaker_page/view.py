"""/speakers/<member id>/: a member's public talks (accepted and confirmed), with their
name and bio. 404 for a member who does not exist."""

from __future__ import annotations

from uuid import UUID

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import MeetupListing
from membership.read_models import Member
from web.markdown import render_markdown
from talks.proposal import ACCEPTED, CONFIRMED
from talks.proposals.projection import TalkProposal, TalkSpeaker


def speaker_detail(request: HttpRequest, member_id: UUID) -> HttpResponse:
    try:
        member = Member.objects.get(member_id=member_id)
    except Member.DoesNotExist:
        raise Http404("No such member.") from None
    theirs = TalkSpeaker.objects.filter(member_id=member_id).values("proposal_id")
    talks = list(
        TalkProposal.objects.filter(proposal_id__in=theirs, status__in=[ACCEPTED, CONFIRMED])
        .order_by(F("slot_starts_at").desc(nulls_last=True), "-submitted_at")
        .only("proposal_id", "title", "format", "level", "status", "meetup_id", "slot_starts_at", "submitted_at")
    )
    meetup_ids = {t.meetup_id for t in talks if t.meetup_id}
    meetups = MeetupListing.objects.in_bulk(list(meetup_ids)) if meetup_ids else {}
    items = [{"talk": t, "meetup": meetups.get(t.meetup_id)} for t in talks]
    member.bio_html = render_markdown(member.bio)
    return render(request, "talks/speaker_page/speaker.html", {"member": member, "items": items})
