"""Speakers and organisers attach resources to a talk (slides, video, code, article,
other), change and remove them; organisers tag talks. All events on the talk's stream."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from eventstore.events import Event
from eventstore.store import Recording, execute
from talks import errors
from talks import events as e
from talks.proposal import ACCEPTED, CONFIRMED, KINDS, TAG_RE, Proposal
from web.text import text_problem

RESOURCE_TITLE_MAX, URL_MAX, MAX_TAGS, TAG_MAX = 200, 500, 10, 30


@dataclass(frozen=True)
class ResourceInput:
    title: str
    url: str
    kind: str

    def checked(self) -> ResourceInput:
        """Refuses a blank or too long title, control characters (or a line break) in the
        title or the link, a link that is not http(s), an unknown kind."""
        title, url = self.title.strip(), self.url.strip()
        if not title or len(title) > RESOURCE_TITLE_MAX:
            raise errors.InvalidProposal(f"A resource needs a title of 1 to {RESOURCE_TITLE_MAX} characters.")
        for text, what in ((title, "The title"), (url, "The link")):
            if problem := text_problem(text, what=what, multiline=False):
                raise errors.InvalidProposal(problem)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > URL_MAX or any(c.isspace() for c in url):
            raise errors.InvalidProposal("The link must be a web address starting with http:// or https://.")
        if self.kind not in KINDS:
            raise errors.InvalidProposal("Choose what kind of resource this is: slides, video, code, article or other.")
        return ResourceInput(title, url, self.kind)


def _talk_for_editing(history: list[Event], by: UUID, is_organiser: bool) -> Proposal:
    talk = Proposal.fold(history)
    if not talk.exists:
        raise errors.ProposalNotFound
    if not is_organiser and by not in talk.speakers:
        raise errors.NotASpeaker
    if talk.status not in (ACCEPTED, CONFIRMED):
        raise errors.WrongStatus("Resources belong to accepted talks.")
    return talk


def resources_of(history: list[Event]) -> dict[UUID, ResourceInput]:
    found: dict[UUID, ResourceInput] = {}
    for event in history:
        if isinstance(event, (e.ResourceAttached, e.ResourceChanged)):
            found[event.resource_id] = ResourceInput(event.title, event.url, event.kind)
        elif isinstance(event, e.ResourceRemoved):
            found.pop(event.resource_id, None)
    return found


def tags_of(history: list[Event]) -> list[str]:
    tags: list[str] = []
    for event in history:
        if isinstance(event, e.TalkTagged):
            tags = list(event.tags)
    return tags


def decide_attach(history: list[Event], *, resource_id: UUID, resource: ResourceInput, by: UUID, is_organiser: bool) -> list[Event]:
    """Speakers (or organisers) of an accepted talk; http(s) links only."""
    _talk_for_editing(history, by, is_organiser)
    r = resource.checked()
    if resource_id in resources_of(history):
        raise errors.InvalidProposal("That resource is already attached.")
    return [e.ResourceAttached(resource_id=resource_id, title=r.title, url=r.url, kind=r.kind, added_by=by)]


def decide_change(history: list[Event], *, resource_id: UUID, resource: ResourceInput, by: UUID, is_organiser: bool) -> list[Event]:
    _talk_for_editing(history, by, is_organiser)
    r = resource.checked()
    current = resources_of(history).get(resource_id)
    if current is None:
        raise errors.InvalidProposal("There is no such resource on this talk.")
    if current == r:
        return []
    return [e.ResourceChanged(resource_id=resource_id, title=r.title, url=r.url, kind=r.kind, changed_by=by)]


def decide_remove(history: list[Event], *, resource_id: UUID, by: UUID, is_organiser: bool) -> list[Event]:
    _talk_for_editing(history, by, is_organiser)
    if resource_id not in resources_of(history):
        raise errors.InvalidProposal("There is no such resource on this talk.")
    return [e.ResourceRemoved(resource_id=resource_id, removed_by=by)]


def clean_tags(raw: list[str]) -> list[str]:
    """Lower-case, without repeats; refuses too many, too long or malformed tags, and a
    control character in one (said as such, not echoed back in the message)."""
    for tag in raw:
        if problem := text_problem(tag.strip(), what="A tag", multiline=False):
            raise errors.InvalidProposal(problem)
    tags = list(dict.fromkeys(t.strip().lower() for t in raw if t.strip()))
    if len(tags) > MAX_TAGS:
        raise errors.InvalidProposal(f"At most {MAX_TAGS} tags per talk.")
    for tag in tags:
        if len(tag) > TAG_MAX or not TAG_RE.match(tag):
            raise errors.InvalidProposal(f"“{tag[:40]}” is not a tag: use lower-case letters, digits, and + # . -")
    return tags


def decide_tag(history: list[Event], *, tags: list[str], by: UUID) -> list[Event]:
    """Organisers only (the caller checks staff rights); accepted talks only."""
    _talk_for_editing(history, by, is_organiser=True)
    cleaned = clean_tags(tags)
    if cleaned == tags_of(history):
        return []
    return [e.TalkTagged(tags=cleaned, tagged_by=by)]


def attach_resource(*, talk_id: UUID, resource: ResourceInput, by: UUID, is_organiser: bool = False) -> UUID:
    resource_id = uuid4()
    execute(talk_id, lambda h: decide_attach(h, resource_id=resource_id, resource=resource, by=by, is_organiser=is_organiser))
    return resource_id


def change_resource(*, talk_id: UUID, resource_id: UUID, resource: ResourceInput, by: UUID, is_organiser: bool = False) -> list[Recording]:
    return execute(talk_id, lambda h: decide_change(h, resource_id=resource_id, resource=resource, by=by, is_organiser=is_organiser))


def remove_resource(*, talk_id: UUID, resource_id: UUID, by: UUID, is_organiser: bool = False) -> list[Recording]:
    return execute(talk_id, lambda h: decide_remove(h, resource_id=resource_id, by=by, is_organiser=is_organiser))


def tag_talk(*, talk_id: UUID, tags: list[str], by: UUID) -> list[Recording]:
    return execute(talk_id, lambda h: decide_tag(h, tags=tags, by=by))
