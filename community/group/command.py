"""Organisers describe the group: the commands on the group's stream."""

from __future__ import annotations

from community.group.decide import decide_describe, decide_sponsors
from community.group.events import GROUP_STREAM
from eventstore.store import Recording, execute


def describe_group(*, by: str, name: str, summary: str, meets_where: str, meets_when: str, chat_url: str,
                   code_of_conduct: str, about: str) -> list[Recording]:
    """Refusals: decide_describe."""
    fields = dict(name=name, summary=summary, meets_where=meets_where, meets_when=meets_when, chat_url=chat_url,
                  code_of_conduct=code_of_conduct, about=about)
    return execute(GROUP_STREAM, lambda h: decide_describe(h, by=by, **fields))


def list_sponsors(*, sponsors: list[tuple[str, str]], by: str) -> list[Recording]:
    """Refusals: decide_sponsors."""
    return execute(GROUP_STREAM, lambda h: decide_sponsors(h, sponsors=sponsors, by=by))
