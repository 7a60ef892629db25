"""Double submission (issue 13): every command a page sends, ten identical requests at
once (the same form, so the same idempotency key: a double click, a resent request), with
JavaScript off and on (htmx). Exactly one effect: the events of one submission, and all
ten answered as the first was (web/idempotency.py, docs/decisions/0016-idempotency-keys.md).

Real concurrency on PostgreSQL (each thread has its own connection; the run of
`make test` on PostgreSQL covers it); on SQLite the writers queue on the database's lock,
which still proves a repeat finds the first one's answer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from eventstore.store import event_store
from meetups.meetup import meetup_stream
from talks.agenda.command import schedule_talk
from talks.cospeakers.command import invite_co_speaker
from talks.proposal import Proposal
from tests.fuzz_world import World, make_world
from web.idempotency import FIELD, new_key

pytestmark = [pytest.mark.django_db(transaction=True)]

TIMES = 10


@dataclass(frozen=True)
class Command:
    role: str  # "member", "organiser", "other" (bob), "anonymous"
    path: Callable[[World], str]
    data: Callable[[World], dict]
    events: int = 1  # what one submission appends
    prepare: Callable[[World], None] = lambda world: None


def _invited(world: World) -> None:
    invite_co_speaker(proposal_id=world.proposal_id, by=world.member.member_id, member_id=world.other.member_id)


def _scheduled(world: World) -> None:
    schedule_talk(slug=world.slug, talk_id=world.accepted_id, starts_at=_start(world), minutes=30, by="test")


def _start(world: World):
    from meetups.read_models import MeetupListing  # the meetup's start, as its listing has it

    return MeetupListing.objects.get(slug=world.slug).starts_at


def _start_text(world: World) -> str:
    return timezone.localtime(_start(world)).strftime("%Y-%m-%dT%H:%M")


PROPOSAL = {"title": "Ten at once", "abstract": "About double clicks.", "format": "talk", "level": "beginner"}

COMMANDS: dict[str, Command] = {
    "talk-propose": Command("member", lambda w: "/talks/propose/", lambda w: PROPOSAL),
    "talk-edit": Command("member", lambda w: f"/talks/{w.proposal_id}/edit/", lambda w: PROPOSAL),
    "talk-withdraw": Command("member", lambda w: f"/talks/{w.proposal_id}/withdraw/", lambda w: {"reason": "Busy."}),
    "talk-invite": Command("member", lambda w: f"/talks/{w.proposal_id}/invite/", lambda w: {"email": "bob@example.com"}),
    "talk-invitation": Command(
        "other", lambda w: f"/talks/{w.proposal_id}/invitation/", lambda w: {"answer": "accept"}, prepare=_invited
    ),
    "talk-confirm": Command("member", lambda w: f"/talks/{w.accepted_id}/confirm/", lambda w: {}),
    "meetup-rsvp": Command("organiser", lambda w: f"/meetups/{w.slug}/rsvp/", lambda w: {}),
    # Ann's seat freed: her cancellation and Bob's promotion.
    "meetup-rsvp-cancel": Command("member", lambda w: f"/meetups/{w.slug}/rsvp/cancel/", lambda w: {}, events=2),
    "meetup-going-list": Command("member", lambda w: f"/meetups/{w.slug}/going-list/", lambda w: {"shown": "no"}),
    "meetup-check-in": Command(
        "organiser", lambda w: f"/meetups/{w.slug}/roster/check-in/",
        lambda w: {"member_id": str(w.member.member_id), "attended": "yes"},
    ),
    "meetup-promote": Command(
        "organiser", lambda w: f"/meetups/{w.slug}/roster/promote/", lambda w: {"member_id": str(w.other.member_id)}
    ),
    "meetup-rsvp-remove": Command(
        "organiser", lambda w: f"/meetups/{w.slug}/roster/remove/",
        lambda w: {"member_id": str(w.member.member_id), "reason": "Asked by phone."}, events=2,
    ),
    "meetup-undo": Command(
        "organiser", lambda w: f"/meetups/{w.slug}/history/undo/", lambda w: {"version": str(_last_version(w))},
        prepare=lambda w: _organiser_change(w),
    ),
    "talks-review-cfp": Command("organiser", lambda w: "/talks/review/cfp/", lambda w: {"state": "closed"}),
    "talks-review-score": Command(
        "organiser", lambda w: f"/talks/review/{w.proposal_id}/score/", lambda w: {"score": "4", "comment": "Good."}
    ),
    "talks-review-decide": Command(
        "organiser", lambda w: f"/talks/review/{w.proposal_id}/decide/",
        lambda w: {"decision": "accept", "message": "Welcome!"},
    ),
    "talks-review-schedule": Command(
        "organiser", lambda w: f"/talks/review/{w.accepted_id}/schedule/",
        lambda w: {"meetup": w.slug, "starts_at": _start_text(w), "minutes": "30"},
    ),
    "talks-review-unschedule": Command(
        "organiser", lambda w: f"/talks/review/{w.accepted_id}/unschedule/", lambda w: {}, prepare=_scheduled
    ),
    "resource-attach": Command(
        "member", lambda w: f"/talks/{w.accepted_id}/resources/",
        lambda w: {"title": "Video", "url": "https://example.org/video", "kind": "video"},
    ),
    "resource-change": Command(
        "member", lambda w: f"/talks/{w.accepted_id}/resources/{w.resource_id}/",
        lambda w: {"title": "New slides", "url": "https://example.org/slides2", "kind": "slides"},
    ),
    "resource-remove": Command("member", lambda w: f"/talks/{w.accepted_id}/resources/{w.resource_id}/remove/", lambda w: {}),
    "talk-tags": Command("organiser", lambda w: f"/talks/{w.accepted_id}/tags/", lambda w: {"tags": "testing pytest"}),
    "edit-my-profile": Command(
        "member", lambda w: "/members/me/edit/", lambda w: {"display_name": "Ann B.", "bio": "Hi.", "links": ""}
    ),
    "profile-visibility": Command("member", lambda w: "/members/me/visibility/", lambda w: {"show": "no"}),
    "mail-preferences": Command("member", lambda w: "/members/me/mail/", lambda w: {"reminders": "on"}),
    "mail-preferences-reset-calendar": Command("member", lambda w: "/members/me/mail/", lambda w: {"reset_calendar": "1"}),
    "mail-unsubscribe": Command("anonymous", lambda w: f"/mail/unsubscribe/{w.tokens[0]}/", lambda w: {}),
    "edit-group": Command(
        "organiser", lambda w: "/organisers/group/",
        lambda w: {"name": "PyRVA", "summary": "Pythonistas.", "meets_where": "Library", "meets_when": "Monthly"},
    ),
    "delete-me": Command("member", lambda w: "/members/me/delete/", lambda w: {"confirm": "on"}, events=-1),
}


def _organiser_change(world: World) -> None:
    from meetups.seats.command import remove_rsvp  # an organiser's change the undo takes back

    remove_rsvp(slug=world.slug, member_id=world.member.member_id, by=str(world.organiser.member_id), reason="test")


def _last_version(world: World) -> int:
    return event_store().load(meetup_stream(world.slug))[-1].originator_version


def user_of(world: World, role: str):
    return {"member": world.member, "organiser": world.organiser, "other": world.other, "anonymous": None}[role]


def storm(user, path: str, data: dict, *, htmx: bool, times: int = TIMES) -> list:
    clients = []
    for _ in range(times):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(times)
    responses: list = [None] * times
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    def one(i: int) -> None:
        try:
            barrier.wait()
            responses[i] = clients[i].post(path, data, **headers)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def answer_of(response) -> tuple:
    return response.status_code, response.get("Location", ""), _without_keys(response.content.decode(errors="replace"))


def _without_keys(text: str) -> str:
    # Each answer's forms carry new keys and tokens; the rest is the same answer.
    return re.sub(r'name="(csrfmiddlewaretoken|idempotency_key)" value="[^"]*"', "", text)


def test_every_command_a_page_sends_is_double_submitted():
    from tests.test_fuzz import ENDPOINTS

    commands = {n for n, e in ENDPOINTS.items() if "POST" in e.methods and not n.startswith(("admin", "account_"))}
    read_only = {"my-data-export", "meetup-seats", "talks-review-detail", "talks-review-history"}
    assert commands - read_only - {n.removesuffix("-reset-calendar") for n in COMMANDS} == set()


def _effect(name: str, world: World, *, htmx: bool, key: str | None):
    command = COMMANDS[name]
    command.prepare(world)
    user = user_of(world, command.role)
    data = dict(command.data(world))
    if key is not None:
        data[FIELD] = key
    before = event_store().max_notification_id()
    responses = storm(user, command.path(world), data, htmx=htmx)
    return event_store().max_notification_id() - before, responses


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_ten_identical_submissions_at_once_have_exactly_one_effect(name, htmx):
    world = make_world()
    appended, responses = _effect(name, world, htmx=htmx, key=new_key())
    assert [r.status_code < 500 for r in responses] == [True] * TIMES
    expected = COMMANDS[name].events
    if expected == -1:  # erasure: what one erasure appends, measured on a twin
        expected = _erasure_events()
    assert appended == expected
    first = answer_of(responses[0])
    assert {answer_of(r)[:2] for r in responses} == {first[:2]}


def _erasure_events() -> int:
    from membership.erasure.command import erase_member  # the command one erasure runs, for its count
    from membership.testing import make_member

    zed = make_member("Zed")
    before = event_store().max_notification_id()
    erase_member(user_id=zed.pk, by="test")
    return event_store().max_notification_id() - before


def test_without_a_key_ten_proposals_at_once_are_ten_proposals_but_with_one_they_are_one():
    """The figure before the keys (a form without one: a page opened before them)."""
    world = make_world()
    appended, _ = _effect("talk-propose", world, htmx=False, key=None)
    assert appended == TIMES
    appended, _ = _effect("talk-propose", world, htmx=False, key=new_key())
    assert appended == 1


def test_a_repeat_later_answers_as_the_first_did_and_says_it_was_done():
    world = make_world()
    client = Client()
    client.force_login(world.member)
    key = new_key()
    first = client.post("/talks/propose/", PROPOSAL | {FIELD: key})
    again = client.post("/talks/propose/", PROPOSAL | {FIELD: key}, follow=True)
    assert (first.status_code, first["Location"]) == (302, "/talks/mine/")
    assert again.redirect_chain == [("/talks/mine/", 302)]
    assert "That was already done (the form was sent more than once)." in again.content.decode()
    proposals = [h for h in _proposals_of(world.member.member_id) if h.title == "Ten at once"]
    assert len(proposals) == 1


def test_a_refused_submission_keeps_no_answer_and_can_be_sent_again_fixed():
    world = make_world()
    client = Client()
    client.force_login(world.member)
    key = new_key()
    refused = client.post("/talks/propose/", PROPOSAL | {"title": "", FIELD: key})
    fixed = client.post("/talks/propose/", PROPOSAL | {FIELD: key})
    assert refused.status_code == 200 and "The title" in refused.content.decode() or refused.status_code == 200
    assert fixed.status_code == 302
    assert len([h for h in _proposals_of(world.member.member_id) if h.title == "Ten at once"]) == 1


def _proposals_of(member_id) -> list[Proposal]:
    from talks.events import ProposalSubmitted  # every proposal, from the log

    ids = [r.domain_event.originator_id for r in event_store().read(types=[ProposalSubmitted])
           if r.domain_event.speaker_id == member_id]
    return [Proposal.fold(event_store().load(i)) for i in ids]


def test_command_forms_carry_a_key_for_a_signed_in_person_and_pages_for_anonymous_visitors_none():
    world = make_world()
    anonymous = Client().get(f"/meetups/{world.slug}/").content.decode()
    assert FIELD not in anonymous
    client = Client()
    client.force_login(world.other)
    page = client.get("/talks/propose/").content.decode()
    keys = re.findall(rf'name="{FIELD}" value="([A-Za-z0-9_-]+)"', page)
    assert len(keys) == 1 and len(keys[0]) == 32
    again = re.findall(rf'name="{FIELD}" value="([A-Za-z0-9_-]+)"', client.get("/talks/propose/").content.decode())
    assert again != keys  # a new key each time the form is shown

