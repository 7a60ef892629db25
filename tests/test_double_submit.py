"""Double submission (issue 13): every command a page sends, ten identical requests at
once (the same form, so the same idempotency key: a double click, a resent request), with
JavaScript off and on (htmx). Exactly one effect: the events of one submission, and all
ten answered as the first was (web/idempotency.py, docs/decisions/0020-idempotency-keys.md).

Real concurrency on PostgreSQL (each thread has its own connection; the run of
`make test` on PostgreSQL covers it); on SQLite the writers queue on the database's lock,
which still proves a repeat finds the first one's answer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from eventstore.context import acting_as
from eventstore.store import event_store
from meetups.meetup import meetup_stream
from meetups.rsvp.command import rsvp
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
    return timezone.localtime(_start(world) + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")


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
        "organiser", lambda w: "/meetups/tonight/roster/check-in/",
        lambda w: {"member_id": str(w.member.member_id), "attended": "yes"}, prepare=lambda w: _tonight(w),
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
        prepare=lambda w: _organiser_change(w), events=2,  # the undo marker and the RSVP given back
    ),
    "talks-review-undo": Command(
        "organiser", lambda w: f"/talks/review/{w.proposal_id}/history/undo/",
        lambda w: {"version": str(event_store().load(w.proposal_id)[-1].originator_version)},
        prepare=lambda w: _decided(w),
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
    # Waitlist and schedule mail switched off: two preferences changed.
    "mail-preferences": Command("member", lambda w: "/members/me/mail/", lambda w: {"reminders": "on"}, events=2),
    "mail-preferences-reset-calendar": Command("member", lambda w: "/members/me/mail/", lambda w: {"reset_calendar": "1"}),
    "mail-unsubscribe": Command("anonymous", lambda w: f"/mail/unsubscribe/{w.tokens[0]}/", lambda w: {}),
    "edit-group": Command(
        "organiser", lambda w: "/organisers/group/",
        lambda w: {"name": "PyRVA", "summary": "Pythonistas.", "meets_where": "Library", "meets_when": "Monthly"},
    ),
    # allauth's sign-up (membership/join): anonymous, so no key; one account, and the
    # copies after the first get the form with "already registered" (or allauth's 429).
    "account_signup": Command(
        "anonymous", lambda w: "/accounts/signup/",
        lambda w: {"email": "cy@example.com", "password1": "pw-Cy-long-12345", "password2": "pw-Cy-long-12345",
                   "display_name": "Cy"},
    ),
    "delete-me": Command("member", lambda w: "/members/me/delete/", lambda w: {"confirm": "on"}, events=-1),
}


def _organiser_change(world: World) -> None:
    from meetups.seats.command import remove_rsvp  # an organiser's change the undo takes back

    with acting_as(world.organiser.member_id, "organiser"):
        remove_rsvp(slug=world.slug, member_id=world.member.member_id, by=str(world.organiser.member_id), reason="test")


def _decided(world: World) -> None:
    from talks.review.command import decide_on_proposal  # an organiser's decision the undo takes back

    with acting_as(world.organiser.member_id, "organiser"):
        decide_on_proposal(proposal_id=world.proposal_id, decision="keep", message="Later.", by=world.organiser.member_id)


def _tonight(world: World) -> None:
    from meetups.testing import make_meetup  # a meetup whose check-in is open

    make_meetup("tonight", starts_in=timedelta(minutes=10))
    rsvp(slug="tonight", member_id=world.member.member_id, now=timezone.now())


def _last_version(world: World) -> int:
    """The organiser's own last change (a promotion that followed it is the system's)."""
    history = event_store().load(meetup_stream(world.slug))
    return [e for e in history if e.actor_kind == "organiser"][-1].originator_version


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
    from tests.test_fuzz import ENDPOINTS  # the fuzz's table of every URL pattern (one source of truth)

    commands = {n for n, e in ENDPOINTS.items() if "POST" in e.methods and not n.startswith(("admin", "account_"))}
    read_only = {"my-data-export", "meetup-seats", "talks-review-detail", "talks-review-history"}
    assert commands - read_only - {n.removesuffix("-reset-calendar") for n in COMMANDS} == set()


def _effect(name: str, world: World, *, htmx: bool, key: str | None):
    command = COMMANDS[name]
    cache.clear()  # allauth's rate limits (the shared cache outlives each test's database)
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
    answers = {answer_of(r)[:2] for r in responses}
    if name == "delete-me":  # the first signs the member out: the others arrive signed out
        signed_out = {a for a in answers if a[0] == 302 and a[1].split("?")[0] in {"/", "/accounts/login/"}}
        answers = (answers - signed_out) or answers
    if name == "account_signup":  # the first is signed in; the others are told the address is taken
        answers = (answers - {(200, ""), (429, "")}) or answers
    assert len(answers) == 1


def _erasure_events() -> int:
    from membership.erasure.command import erase_member  # the command one erasure runs, for its count
    from membership.testing import make_member  # a twin member, only for this count

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



def test_erasure_forgets_the_answers_kept_for_the_member_and_those_that_name_them():
    from eventstore.models import FormSubmission  # the kept answers (tests may read the tables)
    from membership.erasure.command import erase_member  # the erasure, as the page runs it

    world = make_world()
    member = Client()
    member.force_login(world.member)
    member.post("/talks/propose/", PROPOSAL | {FIELD: new_key()})
    organiser = Client()
    organiser.force_login(world.organiser)
    organiser.post(f"/meetups/{world.slug}/roster/check-in/", {"member_id": str(world.member.member_id),
                   "attended": "yes", FIELD: new_key()}, HTTP_HX_REQUEST="true")
    FormSubmission.objects.create(user_id=world.organiser.pk, key="k" * 20, sent_at=timezone.now(), status=200,
                                  body="<li>Ann is going</li>")
    kept_before = FormSubmission.objects.filter(user_id=world.member.pk).count()

    erase_member(user_id=world.member.pk, by="test")

    assert kept_before == 1
    assert FormSubmission.objects.filter(user_id=world.member.pk).count() == 0
    assert not FormSubmission.objects.filter(body__icontains="Ann").exists()


def test_a_sign_up_sent_again_for_a_taken_address_is_the_form_with_the_reason_not_a_500():
    cache.clear()  # allauth's rate limits of the tests before
    data = {"email": "cy@example.com", "password1": "pw-Cy-long-12345", "password2": "pw-Cy-long-12345"}
    responses = storm(None, "/accounts/signup/", data, htmx=False, times=4)
    codes = sorted(r.status_code for r in responses)
    assert codes[-1] < 500 and codes.count(302) == 1
    from django.contrib.auth import get_user_model  # the accounts made

    assert get_user_model().objects.filter(email="cy@example.com").count() == 1
