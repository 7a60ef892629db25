"""The pure decisions of the group's stream: what an organiser's edit records."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from community.group.events import GroupDescribed, SponsorsListed
from eventstore.errors import CommandRefused
from eventstore.events import Event
from web.text import text_problem

LIMITS = {"name": 80, "summary": 600, "meets_where": 200, "meets_when": 200, "chat_url": 500,
          "code_of_conduct": 20_000, "about": 20_000}
MAX_SPONSORS = 30


class GroupDescriptionRefused(CommandRefused):
    """The edit cannot be recorded as written (the message says what to fix)."""


@dataclass(frozen=True)
class GroupFacts:
    name: str = ""
    summary: str = ""
    meets_where: str = ""
    meets_when: str = ""
    chat_url: str = ""
    code_of_conduct: str = ""
    about: str = ""
    sponsors: tuple[tuple[str, str], ...] = ()

    @classmethod
    def fold(cls, history: list[Event]) -> GroupFacts:
        facts = cls()
        for event in history:
            if isinstance(event, GroupDescribed):
                facts = GroupFacts(
                    event.name, event.summary, event.meets_where, event.meets_when, event.chat_url,
                    event.code_of_conduct, event.about, facts.sponsors,
                )
            elif isinstance(event, SponsorsListed):
                facts = replace(facts, sponsors=tuple((s["name"], s["url"]) for s in event.sponsors))
        return facts


TEXT_FIELDS = ("name", "summary", "meets_where", "meets_when", "chat_url", "code_of_conduct", "about")
SINGLE_LINE = {"name", "meets_where", "meets_when", "chat_url"}
LABELS = {"name": "The group's name", "summary": "The paragraph", "meets_where": "Where you meet",
          "meets_when": "How often you meet", "chat_url": "The chat link",
          "code_of_conduct": "The code of conduct", "about": "The About page"}


def is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def decide_describe(history: list[Event], *, by: str, **fields: str) -> list[Event]:
    """Refuses: an empty name, text over its limit, control characters, a chat link that
    is not an http(s) address. Records nothing when nothing changed."""
    for name in TEXT_FIELDS:
        value = fields[name]
        if problem := text_problem(value, what=LABELS[name], multiline=name not in SINGLE_LINE):
            raise GroupDescriptionRefused(problem)
        if len(value) > LIMITS[name]:
            raise GroupDescriptionRefused(f"{LABELS[name]} is {len(value)} characters long; the limit is {LIMITS[name]}.")
    if not fields["name"].strip():
        raise GroupDescriptionRefused("The group needs a name.")
    if fields["chat_url"] and not is_web_address(fields["chat_url"]):
        raise GroupDescriptionRefused("The chat link must be a web address starting with https://.")
    current = GroupFacts.fold(history)
    if all(getattr(current, name) == fields[name] for name in TEXT_FIELDS) and history:
        return []
    return [GroupDescribed(**{name: fields[name] for name in TEXT_FIELDS}, described_by=by)]


def decide_sponsors(history: list[Event], *, sponsors: list[tuple[str, str]], by: str) -> list[Event]:
    """Refuses: a sponsor without a name, a link that is not an http(s) address, more than
    MAX_SPONSORS. Records nothing when the list did not change."""
    if len(sponsors) > MAX_SPONSORS:
        raise GroupDescriptionRefused(f"At most {MAX_SPONSORS} sponsors.")
    for name, url in sponsors:
        if not name.strip() or text_problem(name, multiline=False) or len(name) > 120:
            raise GroupDescriptionRefused("Each sponsor needs a name on one line (up to 120 characters).")
        if url and (not is_web_address(url) or len(url) > 500):
            raise GroupDescriptionRefused(f"The link of {name} must be a web address starting with https://.")
    if GroupFacts.fold(history).sponsors == tuple(sponsors):
        return []
    return [SponsorsListed(sponsors=[{"name": n, "url": u} for n, u in sponsors], listed_by=by)]
