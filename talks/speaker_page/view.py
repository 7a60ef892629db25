"""/speakers/<member id>/: a member's public talks (accepted and confirmed), with their
name (and bio, if their profile is public). 404 for a member who does not exist, was
erased, or has neither a public talk nor a public profile: a private member's id shows
nothing (member ids follow from user ids, so they can be counted)."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import MeetupListing
from membership.read_models import Member
from talks.proposal import ACCEPTED, CONFIRMED
from talks.proposals.projection import TalkProposal, TalkSpeaker
from talks.read_models import next_change
from web.markdown import render_markdown
from web.prepared import app_tag, by_kind, prepared
from web.structured import social_meta, summary


def depends_on(**kwargs) -> list[str]:
    """Their talks, the meetups those are at, their profile, the group."""
    return [app_tag("talks"), app_tag("meetups"), app_tag("membership"), app_tag("community")]


@prepared(tags=depends_on, expires=next_change, variant=by_kind)
def speaker_detail(request: HttpRequest, member_id: UUID) -> HttpResponse:
    try:
        member = Member.objects.get(member_id=member_id, erased=False)
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
    if not items and not member.is_public:
        raise Http404("No such speaker.")
    base = settings.SITE_URL
    bio = member.bio if member.is_public else ""  # a private profile's bio is not shown, nor previewed
    head_meta = social_meta(  # Open Graph / Twitter card (issue 11)
        title=f"{member.display_name}, speaker", description=summary(bio or f"Talks by {member.display_name}"),
        url=f"{base}/speakers/{member.member_id}/", image=f"{base}{settings.STATIC_URL}og-image.png", kind="profile",
        site_name=settings.SITE_NAME,
    )
    member.bio_html = render_markdown(bio)
    return render(request, "talks/speaker_page/speaker.html", {"member": member, "items": items, "head_meta": head_meta})
