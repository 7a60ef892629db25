"""The frab / c3voc exports: schedule.xml validates against the c3voc schema
(schedule.xsd beside this file, with its source), and says what the meetups and their
agendas say; the JSON form says the same."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
import xmlschema
from django.utils import timezone

from meetups.read_models import MeetupListing
from meetups.testing import cancel_meetup, make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.frab.export import event_number
from talks.testing import make_proposal

pytestmark = pytest.mark.django_db
SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("schedule.xsd"))


@pytest.fixture
def agenda():
    ann, olivia = make_member("Ann"), make_member("Olivia", organiser=True)
    make_meetup("december", title="December talk night")
    make_meetup("january", title="January talk night", starts_in=timedelta(days=40))
    december = MeetupListing.objects.get(slug="december")
    talks = []
    for i, title in enumerate(["Typing <generics> & you", "Asyncio in practice"]):
        talk = make_proposal(ann, title=title, status="confirmed", organiser=olivia, abstract="Why & how.")
        schedule_talk(slug="december", talk_id=talk, starts_at=december.starts_at + timedelta(minutes=30 * i), minutes=None,
                      by="test")
        talks.append(talk)
    return december, talks


def test_the_group_schedule_xml_is_valid_c3voc_and_lists_the_agenda(client, agenda):
    december, talks = agenda
    response = client.get("/schedule/export/schedule.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    SCHEMA.validate(response.content.decode())
    root = ET.fromstring(response.content)
    assert [d.get("date") for d in root.iter("day")] == [
        timezone.localtime(december.starts_at).date().isoformat(),
        timezone.localtime(MeetupListing.objects.get(slug="january").starts_at).date().isoformat(),
    ]
    events = list(root.iter("event"))
    assert [(e.get("guid"), e.get("id"), e.findtext("title"), e.findtext("duration"), e.findtext("room")) for e in events] == [
        (str(talks[0]), str(event_number(talks[0])), "Typing <generics> & you", "00:30", "Main Library"),
        (str(talks[1]), str(event_number(talks[1])), "Asyncio in practice", "00:30", "Main Library"),
    ]
    assert events[0].findtext("date") == timezone.localtime(december.starts_at).isoformat(timespec="seconds")
    assert [p.text for p in events[0].iter("person")] == ["Ann"]


def test_a_meetups_own_schedule_is_valid_and_one_day(client, agenda):
    response = client.get("/schedule/export/december/schedule.xml")
    SCHEMA.validate(response.content.decode())
    root = ET.fromstring(response.content)
    assert (root.findtext("conference/title"), root.findtext("conference/days"), len(list(root.iter("event")))) == (
        "December talk night", "1", 2,
    )


def test_the_json_form_says_the_same_as_the_xml(client, agenda):
    xml_events = [(e.get("guid"), e.findtext("start")) for e in ET.fromstring(client.get("/schedule/export/schedule.xml").content).iter("event")]
    data = json.loads(client.get("/schedule/export/schedule.json").content)
    days = data["schedule"]["conference"]["days"]
    json_events = [(ev["guid"], ev["start"]) for day in days for room in day["rooms"].values() for ev in room]
    assert json_events == xml_events
    assert data["schedule"]["conference"]["rooms"] == [{"name": "Main Library"}]


def test_an_empty_schedule_is_still_valid(client, db):
    SCHEMA.validate(client.get("/schedule/export/schedule.xml").content.decode())


def test_cancelled_meetups_are_left_out_and_the_schema_catches_a_broken_export(client, agenda):
    cancel_meetup(slug="december", message="Flooded.", by="test")
    root = ET.fromstring(client.get("/schedule/export/schedule.xml").content)
    assert list(root.iter("event")) == []
    broken = client.get("/schedule/export/january/schedule.xml").content.decode().replace("<version>1.0</version>", "")
    assert not SCHEMA.is_valid(broken)


def test_an_unknown_meetup_is_a_404(client, db):
    assert client.get("/schedule/export/nope/schedule.xml").status_code == 404
