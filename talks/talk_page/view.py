"""/talks/<id>/: a talk's public page. Only accepted and confirmed talks are public; a
proposal's own speakers and the organisers may also see a proposal that is not (with a
note saying so); for anyone else it is 404, as if it did not exist. Never shows the
notes to the organisers or the reviews, to anyone."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import MeetupListing
from membership.read_models import Member
from talks.archive.projection import ArchiveEntry, ArchiveMember
from talks.proposal import KINDS
from talks.proposals.access import get_proposal, is_speaker, member_id_of
from talks.read_models import next_change
from talks.talk_page.structured import talk_event
from web.prepared import anonymous, app_tag, prepared
from web.structured import head, ld_json, social_meta, summary


def depends_on(**kwargs) -> list[str]:
    """The talk (and its resources), its meetup, its speakers' names, the group."""
    return [app_tag("talks"), app_tag("meetups"), app_tag("membership"), app_tag("community")]


# Signed in, a speaker or an organiser sees more (edit links, a proposal not public): fresh.
@prepared(tags=depends_on, expires=next_change, variant=anonymous)
def talk_detail(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    talk = get_proposal(proposal_id)
    own = is_speaker(talk, member_id_of(request))
    if not (talk.is_public or own or request.user.is_staff):
        raise Http404("No such talk.")
    names = dict(
        Member.objects.filter(member_id__in=talk.speaker_ids, erased=False).values_list("member_id", "display_name")
    )
    # A former member's speaker page is gone (404): their name is shown without a link, as
    # the archive shows it ("Former member", or the name they chose to keep on their talks).
    gone = [UUID(m) for m in talk.speaker_ids if UUID(m) not in names]
    kept = dict(ArchiveMember.objects.filter(member_id__in=gone).values_list("member_id", "name")) if gone else {}
    speakers = [
        (m, names[UUID(m)]) if UUID(m) in names else (None, kept.get(UUID(m), "a former member")) for m in talk.speaker_ids
    ]
    meetup = MeetupListing.objects.filter(stream_id=talk.meetup_id).first() if talk.meetup_id else None
    archived = ArchiveEntry.objects.filter(talk_id=talk.proposal_id).values("resources", "tags").first() or {}
    return render(request, "talks/talk_page/talk.html", {
        "talk": talk, "speakers": speakers, "meetup": meetup, "own": own,
        # Resources and tags (the archive projection holds them ready).
        "talk_id": talk.proposal_id, "resources": archived.get("resources", []), "tags": archived.get("tags", []),
        "kinds": KINDS, "can_edit": talk.is_public and (own or request.user.is_staff),
        "is_organiser": talk.is_public and request.user.is_staff,
        "head_meta": _head(request, talk, meetup, speakers),
    })


def _head(request: HttpRequest, talk, meetup, speakers) -> str:
    """schema.org Event JSON-LD (when the talk is on an agenda) and Open Graph / Twitter
    card tags (issue 11); none for a proposal that is not public."""
    if not talk.is_public:
        return ""
    base = settings.SITE_URL
    names = ", ".join(name for _, name in speakers)
    parts = [social_meta(title=talk.title, description=f"{names}: {summary(talk.abstract_html)}",
                         url=f"{base}/talks/{talk.proposal_id}/", image=f"{base}{settings.STATIC_URL}og-image.png",
                         kind="article", site_name=settings.SITE_NAME)]
    event = talk_event(talk, meetup=meetup, speakers=speakers, base_url=base)
    if event is not None:
        parts.insert(0, ld_json(event))
    return head(*parts)
