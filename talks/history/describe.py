"""A proposal's events (and the call for proposals') in sentences, with before/after
values: the proposal's History page, the admin's History, the site's audit page."""

from __future__ import annotations

from uuid import UUID

from eventstore.events import Event
from eventstore.history import Change, Entry, register_describer
from talks import events as e
from talks.proposal import FORMATS, KINDS, LEVELS, STATUS_LABELS
from web.history import quoted

STATUS_AFTER = {
    e.ProposalAccepted: "accepted",
    e.ProposalDeclined: "declined",
    e.ProposalKeptForLater: "kept_for_later",
    e.TalkConfirmed: "confirmed",
    e.ProposalWithdrawn: "withdrawn",
}


def _format(value: str) -> str:
    return FORMATS.get(value, (value, 0))[0]


def describe_proposal(history: list[Event], names: dict[UUID, str]) -> list[Entry]:
    def who(member_id: UUID) -> str:
        return names.get(member_id, "a former member")

    status, content = "", {}
    tags: list[str] = []
    resources: dict[UUID, tuple[str, str, str]] = {}
    entries: list[Entry] = []
    for event in history:
        changes: list[Change] = []
        match event:
            case e.CallForProposalsOpened():
                sentence = "Opened the call for proposals."
            case e.CallForProposalsClosed():
                sentence = "Closed the call for proposals."
            case e.ProposalSubmitted():
                status = "submitted"
                content = {"title": event.title, "abstract": event.abstract, "format": event.format, "level": event.level}
                sentence = (
                    f"{who(event.speaker_id)} proposed {quoted(event.title)} "
                    f"({_format(event.format)}, {LEVELS.get(event.level, event.level)})."
                )
            case e.ProposalEdited():
                new = {"title": event.title, "abstract": event.abstract, "format": event.format, "level": event.level}
                for what, old_value in content.items():
                    if new[what] != old_value:
                        show = _format if what == "format" else (lambda v: LEVELS.get(v, v)) if what == "level" else quoted
                        changes.append(Change(what, show(old_value), show(new[what])))
                content = new
                sentence = "Edited the proposal" + (": " + ", ".join(c.what for c in changes) if changes else "") + "."
            case e.CoSpeakerInvited():
                sentence = f"Invited {who(event.member_id)} to speak too."
            case e.CoSpeakerAccepted():
                sentence = f"{who(event.member_id)} accepted to speak too."
            case e.CoSpeakerDeclined():
                sentence = f"{who(event.member_id)} declined to speak too."
            case e.ProposalReviewed():
                sentence = f"Reviewed it: {event.score} of 5."
            case _ if type(event) in STATUS_AFTER:
                after = STATUS_AFTER[type(event)]
                changes = [Change("state", STATUS_LABELS.get(status, status or "(none)"), STATUS_LABELS[after])]
                words = {
                    "accepted": "Accepted the proposal", "declined": "Declined the proposal",
                    "kept_for_later": "Kept the proposal for later", "confirmed": "The speaker confirmed the talk",
                    "withdrawn": "Withdrew the proposal",
                }[after]
                message = getattr(event, "message", "") or getattr(event, "reason", "")
                sentence = words + (f", with the message {quoted(message, 200)}" if message else "") + "."
                status = after
            case e.ProposalDecisionUndone():
                changes = [Change("state", STATUS_LABELS.get(status, status), STATUS_LABELS.get(event.status, event.status))]
                sentence = f"Undid the decision #{event.undone_version}; the speakers are sent a correction."
                status = event.status
            case e.ResourceAttached():
                resources[event.resource_id] = (event.title, event.url, event.kind)
                sentence = f"Attached {KINDS.get(event.kind, event.kind).lower()} {quoted(event.title)}."
            case e.ResourceChanged():
                old = resources.get(event.resource_id, ("", "", ""))
                resources[event.resource_id] = (event.title, event.url, event.kind)
                changes = [
                    Change(what, quoted(a), quoted(b))
                    for what, a, b in zip(("title", "link", "kind"), old, resources[event.resource_id], strict=True)
                    if a != b
                ]
                sentence = f"Changed the resource {quoted(event.title)}."
            case e.ResourceRemoved():
                old = resources.pop(event.resource_id, ("", "", ""))
                sentence = f"Removed the resource {quoted(old[0])}."
            case e.TalkTagged():
                changes = [Change("tags", ", ".join(tags) or "(none)", ", ".join(event.tags) or "(none)")]
                tags = list(event.tags)
                sentence = "Tagged the talk."
            case _:
                continue
        entries.append(Entry(event, sentence, changes))
    return entries


PROPOSAL_EVENTS = (
    e.CallForProposalsOpened, e.CallForProposalsClosed, e.ProposalSubmitted, e.ProposalEdited, e.CoSpeakerInvited,
    e.CoSpeakerAccepted, e.CoSpeakerDeclined, e.ProposalReviewed, e.ProposalAccepted, e.ProposalDeclined,
    e.ProposalKeptForLater, e.TalkConfirmed, e.ProposalWithdrawn, e.ResourceAttached, e.ResourceChanged,
    e.ResourceRemoved, e.TalkTagged, e.ProposalDecisionUndone,
)
register_describer(PROPOSAL_EVENTS, describe_proposal)
