"""The meetup page as a member sees it: who's going (and leaving oneself off), calendar
links, sharing, cancelling with a confirm step."""

from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from eventstore.store import event_store
from meetups import events as e
from meetups.rsvp.command import rsvp
from meetups.streams import meetup_stream
from meetups.testing import make_meetup


def text(response) -> str:
    return unescape(response.content.decode())


def test_members_see_whos_going_with_initials_and_visitors_do_not(client, ann, bob):
    make_meetup("december")
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    assert "Who's going" not in text(client.get("/meetups/december/"))
    client.force_login(bob)
    page = text(client.get("/meetups/december/"))
    assert "Who's going (2)" in page
    assert page.index(">Ann</span>") < page.index(">Bob</span>")
    assert '<span class="avatar" aria-hidden="true">A</span>' in page


def test_an_rsvp_without_being_listed_keeps_the_seat_and_the_name_off_the_list(client, ann, bob):
    make_meetup("december")
    client.force_login(ann)
    response = client.post("/meetups/december/rsvp/", {"off_going_list": "yes"})
    assert response.status_code == 302
    history = event_store().load(meetup_stream("december"))
    assert history[-2:] == [e.RsvpConfirmed(member_id=ann.member_id), e.LeftOffGoingList(member_id=ann.member_id)]
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    client.force_login(bob)
    page = text(client.get("/meetups/december/"))
    assert "Who's going (1 of 2)" in page and ">Ann</span>" not in page and ">Bob</span>" in page


def test_a_member_hides_then_shows_their_name(client, ann):
    make_meetup("december")
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    client.force_login(ann)
    response = client.post("/meetups/december/going-list/", {"shown": "no"}, follow=True)
    page = text(response)
    assert "Your name is off the list; you still have your place." in page
    assert "Everyone going chose not to be listed." in page and "Show my name" in page
    page = text(client.post("/meetups/december/going-list/", {"shown": "yes"}, follow=True))
    assert "Your name is on the list." in page and ">Ann</span>" in page


def test_hiding_a_name_without_an_rsvp_is_a_message_not_a_500(client, ann):
    make_meetup("december")
    client.force_login(ann)
    response = client.post("/meetups/december/going-list/", {"shown": "no"}, follow=True)
    assert response.status_code == 200 and "messages" in response.content.decode()
    assert client.post("/meetups/nope/going-list/", {"shown": "no"}).status_code == 404


def test_google_and_outlook_links_carry_the_meetups_facts_in_utc(client, db):
    make_meetup("december", title="December talk night")
    page = client.get("/meetups/december/").content.decode()
    links = {}
    for name in ("Google Calendar", "Outlook"):
        end = page.index(f'" rel="noopener">{name}</a>')
        links[name] = unescape(page[page.rindex('href="', 0, end) + 6:end])
    google = parse_qs(urlsplit(links["Google Calendar"]).query)
    assert urlsplit(links["Google Calendar"]).netloc == "calendar.google.com"
    assert google["text"] == ["December talk night"]
    assert google["location"] == ["Main Library, 101 E Franklin St, Richmond, VA"]
    start, end = google["dates"][0].split("/")
    assert start.endswith("Z") and end.endswith("Z") and start < end
    outlook = parse_qs(urlsplit(links["Outlook"]).query)
    assert outlook["subject"] == ["December talk night"] and outlook["rru"] == ["addevent"]
    assert outlook["body"] == ["http://testserver/meetups/december/"]
    assert 'href="/meetups/december.ics">Add to calendar</a>' in page


def test_the_share_link_is_the_page_itself(client, db):
    make_meetup("december")
    page = client.get("/meetups/december/").content.decode()
    assert '<a href="http://testserver/meetups/december/" data-copy-url>Share: copy the link</a>' in page


def test_cancelling_without_javascript_asks_first_and_says_a_waitlist_place_is_lost(client, ann, bob):
    make_meetup("december", capacity=1)
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    client.force_login(ann)
    page = text(client.get("/meetups/december/"))
    assert '<form method="get" action="/meetups/december/rsvp/cancel/"' in page
    assert "You lose your place (#1) on the waitlist" in page  # htmx's confirm
    confirm = text(client.get("/meetups/december/rsvp/cancel/"))
    assert "Cancel your RSVP?" in confirm and "#1 on the waitlist" in confirm and "you lose that place" in confirm
    assert len(event_store().load(meetup_stream("december"))) == 3  # asking changed nothing
    response = client.post("/meetups/december/rsvp/cancel/", follow=True)
    assert "Your RSVP is cancelled." in text(response)


def test_the_confirm_step_without_an_rsvp_goes_back_to_the_meetup(client, ann):
    make_meetup("december")
    client.force_login(ann)
    response = client.get("/meetups/december/rsvp/cancel/")
    assert (response.status_code, response["Location"]) == (302, "/meetups/december/")


def test_sign_up_and_log_in_from_a_meetup_come_back_to_it(client, db):
    make_meetup("december")
    page = client.get("/meetups/december/").content.decode()
    assert 'href="/accounts/signup/?next=/meetups/december/">Sign up to RSVP</a>' in page
    assert 'href="/accounts/login/?next=/meetups/december/">log in</a>' in page
    assert 'href="/accounts/login/?next=%2Fmeetups%2Fdecember%2F">Log in</a>' in page  # the header's


def test_a_past_meetup_says_who_came_or_nothing_never_zero_went(client, db):
    make_meetup("october", starts_in=timedelta(days=-30))
    page = text(client.get("/meetups/october/"))
    assert "0 went" not in page and "0 came" not in page and "This meetup is over." in page
    listing = text(client.get("/meetups/"))
    assert "went" not in listing and "came" not in listing


def test_cards_say_where_i_stand(client, ann, bob):
    make_meetup("december", capacity=1)
    make_meetup("january", starts_in=timedelta(days=40), title="January talk night")
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="january", member_id=ann.member_id, now=timezone.now())
    client.force_login(ann)
    page = text(client.get("/meetups/"))
    assert '<span class="badge badge-warn">Waitlist #1</span>' in page
    assert '<span class="badge badge-ok">You\'re going</span>' in page
    assert "EST" in page or "EDT" in page  # the time zone on each card


def test_the_meetups_page_groups_past_meetups_by_year_and_pages_them(client, db, monkeypatch):
    from meetups.listing import view  # the page size, lowered for the test

    monkeypatch.setattr(view, "PAST_PER_PAGE", 2)
    make_meetup("december")
    for i in range(3):
        make_meetup(f"past{i}", starts_in=timedelta(days=-30 * (i + 1)), title=f"Past night {i}")
    first = text(client.get("/meetups/"))
    assert first.index("Upcoming") < first.index("Past meetups") < first.index("Past night 0") < first.index("Past night 1")
    assert "Past night 2" not in first and "Page 1 of 2" in first
    assert f'<h3 class="year-heading">{timezone.localtime(timezone.now() - timedelta(days=30)).year}</h3>' in first
    second = text(client.get("/meetups/?page=2"))
    assert "Past night 2" in second and "December talk night" not in second
    for page in ("3", "0", "x", "²"):
        assert client.get(f"/meetups/?page={page}").status_code == 404


def test_an_empty_venue_name_leaves_no_stray_comma(client, db):
    make_meetup("december", venue_name="")
    page = text(client.get("/meetups/december/"))
    assert ", 101 E Franklin St" not in page and "101 E Franklin St, Richmond, VA" in page


def test_a_past_meetup_has_no_whos_going_list(client, ann):
    make_meetup("october", starts_in=timedelta(days=-30))
    client.force_login(ann)
    assert "Who's going" not in text(client.get("/meetups/october/"))
