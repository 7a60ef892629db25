"""Public pages served from prepared output (web/prepared.py, eventstore/prepared.py;
docs/decisions/0019-prepared-pages.md): the same bytes as a fresh render, a change seen on
the very next request, text that changes with the clock never stale, nothing personal
shared, 304s, a rebuild, and the switch that turns it off. (A site test: it drives the
commands of every app.)"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from community.group.command import describe_group
from community.settings import env_bool
from eventstore import consumers
from eventstore.prepared import PageTag, PreparedPage, generation
from eventstore.projections import Projection
from eventstore.runner import rebuild
from meetups.read_models import get_meetup
from meetups.rsvp.command import rsvp
from meetups.schedule.command import MeetupPlan, revise_meetup, schedule_meetup
from meetups.testing import make_meetup
from membership.erasure.command import erase_member
from membership.testing import UpdateProfile, make_member, update_profile
from talks.agenda.command import schedule_talk
from talks.confirm.command import confirm_talk
from talks.resources.command import ResourceInput, attach_resource
from talks.review.command import decide_on_proposal
from talks.testing import make_proposal
from web import prepared as prepared_output


def normalised(body: bytes) -> str:
    """The page without its per-response CSRF tokens and idempotency keys."""
    text = body.decode()
    text = re.sub(r'(name="idempotency_key" value=")[A-Za-z0-9_-]+', r"\1KEY", text)
    text = re.sub(r'("X-CSRFToken": ")[A-Za-z0-9]{64}', r"\1TOKEN", text)
    text = re.sub(r'( nonce=")[A-Za-z0-9_-]+', r"\1NONCE", text)
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}', r"\1TOKEN", text)


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def tokens(body: bytes) -> set[str]:
    text = body.decode()
    return set(re.findall(r'"X-CSRFToken": "([A-Za-z0-9]{64})"', text)) | set(
        re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', text)
    )


@pytest.fixture(autouse=True, params=["memory", "database"])
def kept_in(request, settings, monkeypatch, tmp_path):
    """Every test twice: with the pages kept in this process's memory too (as in production:
    no query while the generation has not moved) and in the database only."""
    prepared_output.memory.clear()
    settings.PREPARED_PAGES_GENERATION_FILE = tmp_path / "generation"
    settings.PREPARED_PAGES_MEMORY_MB = 16 if request.param == "memory" else 0
    if request.param == "memory":
        # A test's transaction is rolled back, never committed: its commands step the
        # generation at once (test_prepared_memory.py checks the step after a real commit).
        monkeypatch.setattr(generation, "bump_on_commit", lambda using: generation.bump())
    yield request.param
    prepared_output.memory.clear()


@pytest.fixture
def site(db):
    """A meetup next week with a confirmed talk on its agenda (with slides), a past meetup
    with one too (the archive), the organiser Olivia and the speaker Sam."""
    olivia, sam = make_member("Olivia", organiser=True), make_member("Sam", verified=True, public=True)
    meetup = get_meetup(make_meetup("december", starts_in=timedelta(days=7)))
    talk = make_proposal(sam, title="Typing in anger", status="confirmed", organiser=olivia)
    schedule_talk(slug="december", talk_id=talk, starts_at=meetup.starts_at, minutes=30, by=str(olivia.member_id))
    past = get_meetup(make_meetup("november", starts_in=timedelta(days=-20), title="November night"))
    old = make_proposal(sam, title="Old talk on pytest", status="confirmed", organiser=olivia)
    schedule_talk(slug="november", talk_id=old, starts_at=past.starts_at, minutes=30, by=str(olivia.member_id))
    attach_resource(talk_id=old, resource=ResourceInput("Slides", "https://example.com/slides", "slides"), by=sam.member_id)
    return {"olivia": olivia, "sam": sam, "talk": talk, "old": old}


def public_urls(site) -> list[str]:
    return [
        "/", "/meetups/", "/meetups/december/", "/meetups/november/", "/schedule/", "/schedule.json",
        "/schedule/feed/", "/archive/", "/archive/?year=2026", "/archive/?level=beginner", f"/talks/{site['talk']}/",
        f"/speakers/{site['sam'].member_id}/", "/calendar.ics", "/meetups/december.ics",
        "/schedule/export/schedule.xml", "/schedule/export/schedule.json", "/schedule/export/december/schedule.json",
    ]


def test_every_public_page_is_prepared_and_says_the_same_as_a_fresh_render(
    client, site, settings, django_assert_num_queries, kept_in
):
    for url in public_urls(site):
        first = client.get(url)
        assert first.status_code == 200, url
        assert PreparedPage.objects.filter(path__contains=f"testserver{url} ").exists(), url
        # The prepared row and its tags' position: one query; kept in memory, none.
        with django_assert_num_queries(0 if kept_in == "memory" else 1):
            again = client.get(url)
        settings.PREPARED_PAGES = False
        fresh = client.get(url)
        settings.PREPARED_PAGES = True
        body, fresh_body = content(again), content(fresh)
        assert normalised(body) == normalised(fresh_body) == normalised(content(first)), url
        assert again["Content-Type"] == fresh["Content-Type"], url
        assert again.streaming == fresh.streaming, url
        # A token in the page comes with its cookie. (A fresh page that streams asks for
        # its token after the CSRF middleware has answered: no cookie. Prepared, it has one.)
        assert ("csrftoken" in again.cookies) == bool(tokens(body)), url
        assert ("csrftoken" in fresh.cookies) == (bool(tokens(fresh_body)) and not fresh.streaming), url
        assert ("nonce-" in again.get("Content-Security-Policy", "")) == ("nonce-" in fresh.get("Content-Security-Policy", "")), url


@pytest.mark.parametrize("who", ["ann", "olivia"])
def test_a_signed_in_members_prepared_pages_say_the_same_as_a_fresh_render(client, site, settings, who, ann):
    user = {"ann": ann, "olivia": site["olivia"]}[who]
    client.force_login(user)
    rsvp(slug="december", member_id=user.member_id, now=timezone.now())
    for url in ["/meetups/december/", "/meetups/november/", "/schedule/", "/archive/", f"/speakers/{site['sam'].member_id}/"]:
        client.get(url)
        again = client.get(url)
        settings.PREPARED_PAGES = False
        fresh = client.get(url)
        settings.PREPARED_PAGES = True
        assert normalised(content(again)) == normalised(content(fresh)), url
        assert "no-store" in again["Cache-Control"] and "private" in again["Cache-Control"], url
        assert "ETag" not in again, url
    assert PreparedPage.objects.filter(path__contains="/meetups/december/ staff:going" if who == "olivia" else "/meetups/december/ member:going").exists()


def test_a_signed_in_meetup_page_is_one_row_and_my_rsvp(client, site, ann, django_assert_num_queries, kept_in):
    client.force_login(ann)
    client.get("/meetups/december/")
    # Session, user, my RSVP's state, the prepared row (kept in memory: not asked for).
    with django_assert_num_queries(3 if kept_in == "memory" else 4):
        page = client.get("/meetups/december/").content.decode()
    assert "You're not going." in page


def keys(body: bytes) -> list[str]:
    return re.findall(r'name="idempotency_key" value="([^"]+)"', body.decode())


def test_every_response_of_a_shared_members_page_has_its_own_form_keys(client, site, ann, bob):
    """Members in the same state share the prepared meetup page: its forms' idempotency keys
    are swapped in per response and per form (a key shared by two responses or two forms
    would make the second submission replay the first's answer)."""
    seen_keys = []
    for member in (ann, bob, ann):
        client.force_login(member)
        body = content(client.get("/meetups/december/"))
        found = keys(body)
        assert found, "the RSVP form carries an idempotency key"
        assert b"idempotency-key-goes-here" not in body
        assert len(set(found)) == len(found)
        seen_keys += found
    assert PreparedPage.objects.filter(path__contains="/meetups/december/ member:none").count() == 1
    assert len(set(seen_keys)) == len(seen_keys)


# -- a change is seen on the very next request ---------------------------------------------
def seen(client, url: str) -> str:
    return normalised(content(client.get(url)))


def test_an_rsvp_shows_in_the_counts_at_once(client, site, ann):
    assert "10 of 10 seats left" in seen(client, "/meetups/december/")
    assert "10 of 10 seats left" in seen(client, "/")
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    assert "9 of 10 seats left" in seen(client, "/meetups/december/")
    assert "9 of 10 seats left" in seen(client, "/")


def test_a_revised_meetup_shows_everywhere_at_once(client, site):
    urls = ["/", "/meetups/", "/meetups/december/", "/schedule/", "/schedule.json", "/calendar.ics", "/meetups/december.ics"]
    for url in urls:
        assert "December talk night" in seen(client, url), url
    meetup = get_meetup("december")
    plan = MeetupPlan(
        title="Winter solstice special", description="Talks.", starts_at=meetup.starts_at, ends_at=meetup.ends_at,
        venue_name="Main Library", venue_address="101 E Franklin St, Richmond, VA", capacity=10,
    )
    revise_meetup(slug="december", plan=plan, by="test", now=timezone.now())
    for url in urls:
        page = seen(client, url)
        assert "Winter solstice special" in page and "December talk night" not in page, url


def test_a_talk_accepted_and_scheduled_shows_at_once(client, site):
    olivia, sam = site["olivia"], site["sam"]
    talk = make_proposal(sam, title="Async for the impatient")
    assert client.get(f"/talks/{talk}/").status_code == 404
    assert "Async for the impatient" not in seen(client, "/schedule/")
    decide_on_proposal(proposal_id=talk, decision="accept", message="Yes", by=olivia.member_id)
    confirm_talk(proposal_id=talk, by=sam.member_id)
    assert client.get(f"/talks/{talk}/").status_code == 200
    schedule_talk(slug="december", talk_id=talk, starts_at=get_meetup("december").starts_at + timedelta(minutes=40),
                  minutes=30, by=str(olivia.member_id))
    for url in ["/schedule/", "/meetups/december/", "/schedule.json", f"/speakers/{sam.member_id}/"]:
        assert "Async for the impatient" in seen(client, url), url


def test_a_resource_added_shows_at_once(client, site):
    old, sam = site["old"], site["sam"]
    for url in [f"/talks/{old}/", "/archive/"]:
        assert "https://example.com/video" not in seen(client, url)
    attach_resource(talk_id=old, resource=ResourceInput("Video", "https://example.com/video", "video"), by=sam.member_id)
    for url in [f"/talks/{old}/", "/archive/", "/archive/?kind=video"]:
        assert "https://example.com/video" in seen(client, url), url


def test_a_renamed_speaker_and_a_renamed_group_show_at_once(client, site):
    urls = ["/meetups/december/", "/schedule/", f"/talks/{site['talk']}/", "/schedule.json"]
    for url in urls:
        assert "Sam" in seen(client, url)
    update_profile(user_id=site["sam"].pk, command=UpdateProfile(display_name="Samantha Q. Speaker"))
    for url in urls:
        assert "Samantha Q. Speaker" in seen(client, url), url
    describe_group(by="test", name="PyRVA", summary="Python in Richmond", meets_where="", meets_when="", chat_url="",
                   code_of_conduct="Be kind.", about="")
    for url in ["/", "/meetups/december/", "/archive/"]:
        assert "PyRVA" in seen(client, url), url


@pytest.mark.django_db(transaction=True)
def test_an_erased_speakers_name_vanishes_from_prepared_pages_at_once(client):
    olivia, sam = make_member("Olivia", organiser=True), make_member("Sam Speaker", verified=True)
    meetup = get_meetup(make_meetup("december", starts_in=timedelta(days=7)))
    talk = make_proposal(sam, title="Typing in anger", status="confirmed", organiser=olivia)
    schedule_talk(slug="december", talk_id=talk, starts_at=meetup.starts_at, minutes=30, by=str(olivia.member_id))
    urls = ["/meetups/december/", "/schedule/", f"/talks/{talk}/", "/schedule.json", "/schedule/export/schedule.xml"]
    for url in urls:
        client.get(url)
        assert "Sam Speaker" in seen(client, url), url
    assert PreparedPage.objects.count() >= len(urls)
    erase_member(user_id=sam.pk, by="test", keep_name_on_talks=False)
    for url in urls:
        assert "Sam Speaker" not in seen(client, url), url


# -- the clock ------------------------------------------------------------------------------
def test_a_prepared_page_expires_when_its_text_changes_with_the_clock(client, db, monkeypatch):
    make_meetup("soon", starts_in=timedelta(hours=1), title="Soon night")
    home = seen(client, "/")
    assert "Soon night" in home and "seats left" in home
    assert "Calendar</dt>" in seen(client, "/meetups/soon/")
    real_now = timezone.now
    # Past its end (three hours on): no event happened, the text did change.
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3, minutes=1))
    assert "Soon night" not in seen(client, "/")
    page = seen(client, "/meetups/soon/")
    assert "Calendar</dt>" not in page and "This meetup is over." in page


def test_rsvps_closing_takes_the_button_off_a_members_prepared_page(client, db, ann, monkeypatch):
    now = timezone.now()
    start = now + timedelta(days=2)
    plan = MeetupPlan(title="Closing night", description="", starts_at=start, ends_at=start + timedelta(hours=2),
                      venue_name="Library", venue_address="", capacity=5, rsvp_closes_at=now + timedelta(hours=3))
    schedule_meetup(slug="closing", plan=plan, by="test", now=now)
    client.force_login(ann)
    client.get("/meetups/closing/")
    assert 'id="rsvp-action"' in seen(client, "/meetups/closing/")
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3, seconds=1))
    page = seen(client, "/meetups/closing/")
    assert 'id="rsvp-action"' not in page and "RSVPs are closed." in page


# -- nothing personal is shared -------------------------------------------------------------
def test_nothing_of_one_member_reaches_another_or_an_anonymous_visitor(client, site, ann, bob):
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    ann_client, bob_client, olivia_client = Client(), Client(), Client()
    ann_client.force_login(ann)
    bob_client.force_login(bob)
    olivia_client.force_login(site["olivia"])
    ann_page = ann_client.get("/meetups/december/").content
    ann_again = ann_client.get("/meetups/december/").content
    assert b"You&#x27;re going." in ann_page or b"You're going." in ann_page
    bob_page = bob_client.get("/meetups/december/").content
    anon_page = client.get("/meetups/december/").content
    assert b"You're going." not in bob_page and b"You're not going." in bob_page
    assert b"You're" not in anon_page and b"Sign up to RSVP" in anon_page
    assert b"Roster and check-in" not in bob_page and b"Roster and check-in" not in anon_page
    assert b"Roster and check-in" in olivia_client.get("/meetups/december/").content
    # Bob going too: he is served the row Ann's visit prepared, with his own token.
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    ann_page = ann_client.get("/meetups/december/").content
    bob_page = bob_client.get("/meetups/december/").content
    assert b"You're going." in bob_page
    mine = tokens(ann_page) | tokens(ann_again)
    assert mine and not mine & (tokens(bob_page) | tokens(anon_page))
    assert b"csrf-token-goes-here" not in ann_page + bob_page + anon_page
    for row in PreparedPage.objects.all():  # no token is ever kept, only the placeholder
        assert not tokens(bytes(row.body)), row.path


def test_an_anonymous_page_carries_no_member_data_and_varies_on_the_cookie(client, site, ann):
    client.force_login(ann)
    client.get("/meetups/december/")
    client.logout()
    response = client.get("/meetups/december/")
    assert "Cookie" in response["Vary"] and b"My profile" not in response.content and b"Log in" in response.content


def test_flash_messages_are_shown_once_and_not_prepared(client, site, ann):
    client.force_login(ann)
    client.get("/meetups/december/")
    response = client.post("/meetups/december/rsvp/", follow=True)
    assert "seat" in response.content.decode().lower()
    messages = response.content.decode().count('class="message message-')
    assert messages == 1
    assert 'class="message message-' not in seen(client, "/meetups/december/")


def test_the_rsvp_panel_for_htmx_is_never_taken_from_a_prepared_page(client, site, ann):
    client.force_login(ann)
    client.get("/meetups/december/")
    fragment = client.get("/meetups/december/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<section id=\"rsvp-panel\"")


# -- conditional GET --------------------------------------------------------------------------
def test_a_prepared_page_answers_304_until_it_changes(client, site, ann):
    first = client.get("/meetups/december/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and first["Cache-Control"] == "no-cache"
    assert client.get("/meetups/december/", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/meetups/december/", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/schedule.json", headers={"If-None-Match": client.get("/schedule.json")["ETag"]}).status_code == 304
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    after = client.get("/meetups/december/", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after["ETag"] != etag and b"9 of 10 seats left" in after.content


# -- rebuild, and the switch ----------------------------------------------------------------
def test_a_rebuild_from_zero_gives_the_same_tags_and_wipes_the_prepared_pages(client, site):
    for url in public_urls(site):
        client.get(url)
    before = sorted(PageTag.objects.values_list("tag", "position", "recorded_us"))
    assert PreparedPage.objects.exists() and len(before) > 5
    rebuild(consumers.get(Projection, "prepared-pages"))
    assert sorted(PageTag.objects.values_list("tag", "position", "recorded_us")) == before
    assert not PreparedPage.objects.exists()
    assert "Typing in anger" in seen(client, "/schedule/")


def test_rebuilding_any_projection_renders_the_pages_again(client, site):
    client.get("/meetups/december/")
    rebuild(consumers.get(Projection, "meetups"))
    assert not PreparedPage.objects.exists()


def test_with_prepared_pages_off_every_request_renders_fresh(client, site, settings):
    settings.PREPARED_PAGES = False
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200 and "ETag" not in response, url
    assert not PreparedPage.objects.exists()


@pytest.mark.parametrize(("value", "on"), [("", True), ("1", True), ("on", True), ("0", False), ("off", False), ("false", False)])
def test_the_switch_reads_the_environment(monkeypatch, value, on):
    monkeypatch.setenv("PREPARED_PAGES", value)
    assert env_bool("PREPARED_PAGES", True) is on


def test_a_search_and_an_unknown_parameter_render_fresh(client, site):
    client.get("/archive/?q=pytest")
    client.get("/meetups/?utm_source=x")
    assert not PreparedPage.objects.filter(path__contains="q=pytest").exists()
    assert not PreparedPage.objects.filter(path__contains="utm_source").exists()



def test_made_up_query_values_cannot_fill_the_table_and_old_rows_are_dropped(client, site, settings, monkeypatch):
    """?tag= takes any value: past PREPARED_PAGES_MAX rows such pages render fresh (the same
    page, not kept); rows not rendered for a day are dropped as other pages are stored."""
    settings.PREPARED_PAGES_MAX = PreparedPage.objects.count() + 3
    for n in range(8):
        response = client.get(f"/archive/?tag=made-up-{n}")
        assert response.status_code == 200
    assert PreparedPage.objects.filter(path__contains="?tag=made-up-").count() == 3
    settings.PREPARED_PAGES = False
    fresh = content(client.get("/archive/?tag=made-up-7"))
    settings.PREPARED_PAGES = True
    assert normalised(content(client.get("/archive/?tag=made-up-7"))) == normalised(fresh)
    assert client.get("/archive/?tag=made-up-0").status_code == 200  # a kept one is still served

    PreparedPage.objects.filter(path__contains="?tag=made-up-").update(rendered_at=timezone.now() - timedelta(days=2))
    monkeypatch.setattr(prepared_output, "PRUNE_EVERY", 1)
    settings.PREPARED_PAGES_MAX = 10_000
    client.get("/archive/?year=2026")
    assert not PreparedPage.objects.filter(path__contains="?tag=made-up-").exists()
    assert PreparedPage.objects.filter(path__contains="?year=2026").exists()
