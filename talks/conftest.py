"""Fixtures the talks tests share (ann, bob and olivia, the organiser, are in the root
conftest.py)."""

import pytest


@pytest.fixture
def december(db):
    """An upcoming meetup (in a week) to put talks on."""
    from meetups.read_models import MeetupListing  # imported once Django is set up
    from meetups.testing import make_meetup  # (see above)

    make_meetup("december", title="December talk night")
    return MeetupListing.objects.get(slug="december")
