"""What search engines and chat apps read: schema.org Event JSON-LD on meetup and talk
pages, Open Graph and Twitter card tags on home, meetup, talk and speaker pages, checked
against the page's own facts; the JSON-LD parses; the CSP stays free of inline script."""

import json
import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from meetups.read_models import MeetupListing
from meetups.rsvp.command import rsvp
from meetups.schedule.command import MeetupPlan, cancel_meetup, revise_meetup
from meetups.testing import make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.testing import make_proposal

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a.get("name")] = a.get("content", "")
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def head_of(response) -> Head:
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


@pytest.fixture
def december():
    ann, olivia = make_member("Ann"), make_member("Olivia", organiser=True)
    make_meetup("december", capacity=3, title="December <talk> night", description="Talks & *pizza*.")
    meetup = MeetupListing.objects.get()
    talk = make_proposal(ann, title="Typing generics", status="confirmed", organiser=olivia, abstract="Why **types** help.")
    schedule_talk(slug="december", talk_id=talk, starts_at=meetup.starts_at, minutes=None, by="test")
    rsvp(slug="december", member_id=make_member("Bob").member_id, now=timezone.now())
    return meetup, talk, ann


def test_the_meetup_page_describes_the_meetup_as_a_schema_org_event(client, december):
    meetup, talk, ann = december
    head = head_of(client.get("/meetups/december/"))
    [block] = head.ld
    assert "<" not in block  # escaped: no value can close the script block
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == "December <talk> night"
    assert (data["startDate"], data["endDate"]) == (iso(meetup.starts_at), iso(meetup.ends_at))
    assert re.search(r"[+-]\d\d:\d\d$", data["startDate"])  # with the group's offset
    assert data["location"] == {"@type": "Place", "name": "Main Library",
                                "address": {"@type": "PostalAddress", "streetAddress": "101 E Franklin St, Richmond, VA"}}
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert (data["maximumAttendeeCapacity"], data["remainingAttendeeCapacity"]) == (3, 2)
    assert (data["offers"]["price"], data["offers"]["availability"]) == (0, "https://schema.org/InStock")
    assert data["performer"] == [{"@type": "Person", "name": "Ann", "url": f"http://testserver/speakers/{ann.member_id}/"}]
    assert data["organizer"]["@type"] == "Organization"
    assert data["description"] == "Talks & pizza."
    assert (head.meta["og:title"], head.meta["og:url"], head.meta["twitter:card"]) == (
        "December <talk> night", "http://testserver/meetups/december/", "summary_large_image",
    )
    assert head.meta["og:image"] == "http://testserver/static/og-image.png"


def test_a_rescheduled_meetup_gives_each_previous_start_and_a_cancelled_one_says_so(client, december):
    meetup = december[0]
    first_start = meetup.starts_at
    for days in (1, 2):
        row = MeetupListing.objects.get()
        later = first_start + timedelta(days=days)
        revise_meetup(slug="december", by="test", now=timezone.now(), plan=MeetupPlan(
            title=row.title, description=row.description, starts_at=later, ends_at=later + timedelta(hours=2),
            venue_name=row.venue_name, venue_address=row.venue_address, capacity=row.capacity, rsvp_closes_at=later))
    data = json.loads(head_of(client.get("/meetups/december/")).ld[0])
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == [iso(first_start), iso(first_start + timedelta(days=1))]
    cancel_meetup(slug="december", message="Flooded.", by="test")
    assert json.loads(head_of(client.get("/meetups/december/")).ld[0])["eventStatus"] == "https://schema.org/EventCancelled"


def test_the_talk_page_is_an_event_within_the_meetup(client, december):
    meetup, talk, ann = december
    head = head_of(client.get(f"/talks/{talk}/"))
    data = json.loads(head.ld[0])
    assert (data["name"], data["startDate"], data["endDate"]) == (
        "Typing generics", iso(meetup.starts_at), iso(meetup.starts_at + timedelta(minutes=30)),
    )
    assert data["superEvent"]["url"] == "http://testserver/meetups/december/"
    assert [p["name"] for p in data["performer"]] == ["Ann"]
    assert (head.meta["og:title"], head.meta["og:type"], head.meta["og:description"]) == ("Typing generics", "article", "Ann: Why types help.")


def test_home_and_speaker_pages_have_their_cards(client, december):
    ann = december[2]
    home = head_of(client.get("/"))
    assert (home.meta["og:url"], home.meta["og:type"], home.ld) == ("http://testserver/", "website", [])
    speaker = head_of(client.get(f"/speakers/{ann.member_id}/"))
    assert (speaker.meta["og:title"], speaker.meta["og:type"]) == ("Ann, speaker", "profile")


def test_the_csp_still_allows_no_inline_script(client, december):
    csp = client.get("/meetups/december/")["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "nonce" not in script_src


def test_a_hostile_title_cannot_break_out_of_the_json_ld_block(client, db):
    make_meetup("december", title="</script><script>alert(1)</script>")
    page = client.get("/meetups/december/").content.decode()
    assert "<script>alert(1)" not in page
    assert json.loads(head_of(client.get("/meetups/december/")).ld[0])["name"] == "</script><script>alert(1)</script>"
    assert unescape(head_of(client.get("/meetups/december/")).meta["og:title"]) == "</script><script>alert(1)</script>"
