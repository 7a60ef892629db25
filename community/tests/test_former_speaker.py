"""A talk whose speaker was erased: the name as the archive shows it, and no link to the
speaker page that is gone. (A site test: erasure is membership's, the talk page talks'.)"""

from datetime import timedelta

import pytest

from meetups.read_models import get_meetup
from meetups.testing import make_meetup
from membership.erasure.command import erase_member
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.confirm.command import confirm_talk
from talks.propose.command import ProposalContent, submit_proposal
from talks.review.command import decide_on_proposal


@pytest.mark.django_db(transaction=True)
def test_an_erased_speakers_talk_names_them_as_the_archive_does_without_a_link(client):
    speaker, olivia = make_member("Sam Speaker", verified=True), make_member("Olivia", organiser=True)
    meetup = get_meetup(make_meetup(starts_in=timedelta(days=7)))
    talk = submit_proposal(
        speaker_id=speaker.member_id, content=ProposalContent("Typing in anger", "An abstract.", "talk", "beginner", [], "")
    )
    decide_on_proposal(proposal_id=talk, decision="accept", message="Yes", by=olivia.member_id)
    confirm_talk(proposal_id=talk, by=speaker.member_id)
    schedule_talk(slug="december", talk_id=talk, starts_at=meetup.starts_at, minutes=30, by=str(olivia.member_id))
    page = client.get(f"/talks/{talk}/").content.decode()
    assert f'href="/speakers/{speaker.member_id}/"' in page and "Sam Speaker" in page

    erase_member(user_id=speaker.pk, by="test", keep_name_on_talks=False)
    page = client.get(f"/talks/{talk}/").content.decode()
    assert f"/speakers/{speaker.member_id}/" not in page and "Sam Speaker" not in page
    assert "Former member" in page or "a former member" in page
    assert client.get(f"/speakers/{speaker.member_id}/").status_code == 404
