"""Whether a talk is on a meetup's agenda, for the undo of its acceptance: read from the
meetup stream the proposals projection names (the agenda is a fact of the meetup's
stream, so the stream has the last word)."""

from __future__ import annotations

from uuid import UUID

from eventstore.store import event_store
from talks.meetup_agenda import agenda_of
from talks.proposals.projection import TalkProposal


def is_on_an_agenda(proposal_id: UUID) -> bool:
    meetup_id = TalkProposal.objects.filter(proposal_id=proposal_id).values_list("meetup_id", flat=True).first()
    return meetup_id is not None and proposal_id in agenda_of(event_store().load(meetup_id))
