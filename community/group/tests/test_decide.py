"""The rules of the group's stream, without a database."""

import pytest

from community.group.decide import GroupDescriptionRefused, GroupFacts, decide_describe, decide_sponsors
from community.group.events import GroupDescribed, SponsorsListed

FIELDS = dict(name="PyRVA", summary="Richmond's Python group.", meets_where="Main Library", meets_when="Second Tuesday",
              chat_url="https://chat.example.org/pyrva", code_of_conduct="Be kind.", about="## Story")


def described(**changes):
    return GroupDescribed(**(FIELDS | changes), described_by="olivia")


def test_a_first_description_is_recorded():
    assert decide_describe([], by="olivia", **FIELDS) == [described()]


def test_a_save_that_changes_nothing_records_nothing():
    assert decide_describe([described()], by="olivia", **FIELDS) == []


def test_a_changed_field_records_the_whole_description():
    assert decide_describe([described()], by="olivia", **(FIELDS | {"meets_when": "Every Thursday"})) == [
        described(meets_when="Every Thursday")
    ]


@pytest.mark.parametrize("changes, message", [
    ({"name": "  "}, "The group needs a name."),
    ({"name": "Py\nRVA"}, "The group's name must be on one line, without line breaks or tabs."),
    ({"summary": "a\x00b"}, "The paragraph contains invisible control characters; please retype it."),
    ({"chat_url": "javascript:alert(1)"}, "The chat link must be a web address starting with https://."),
    ({"about": "x" * 20_001}, "The About page is 20001 characters long; the limit is 20000."),
])
def test_a_description_the_pages_cannot_show_is_refused(changes, message):
    with pytest.raises(GroupDescriptionRefused) as refused:
        decide_describe([], by="olivia", **(FIELDS | changes))
    assert refused.value.message == message


def test_sponsors_are_listed_in_order_and_a_same_list_records_nothing():
    sponsors = [("Library", "https://library.example.org/"), ("PSF", "")]
    listed = SponsorsListed(sponsors=[{"name": "Library", "url": "https://library.example.org/"}, {"name": "PSF", "url": ""}],
                            listed_by="olivia")
    assert decide_sponsors([], sponsors=sponsors, by="olivia") == [listed]
    assert decide_sponsors([listed], sponsors=sponsors, by="olivia") == []


def test_a_sponsor_link_must_be_a_web_address():
    with pytest.raises(GroupDescriptionRefused) as refused:
        decide_sponsors([], sponsors=[("Evil", "javascript:alert(1)")], by="olivia")
    assert refused.value.message == "The link of Evil must be a web address starting with https://."


def test_the_fold_keeps_the_latest_description_and_sponsors():
    history = [described(), SponsorsListed(sponsors=[{"name": "PSF", "url": ""}], listed_by="o"), described(name="PyRVA!")]
    assert GroupFacts.fold(history) == GroupFacts(**(FIELDS | {"name": "PyRVA!"}), sponsors=(("PSF", ""),))
