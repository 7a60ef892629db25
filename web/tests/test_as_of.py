"""Parsing `?as_of=`: what a datetime-local picker sends, and hostile text refused with a
message (never a 500)."""

from datetime import UTC, datetime

import pytest

from web.as_of import BadMoment, parse_as_of


def test_a_picker_value_is_a_moment_in_the_groups_time_zone(settings):
    moment = parse_as_of("2026-05-01T18:00")
    assert moment.astimezone(UTC) == datetime(2026, 5, 1, 22, 0, tzinfo=UTC)  # New York, summer time


def test_seconds_fractions_and_an_offset_are_understood():
    assert parse_as_of("2026-05-01T18:00:30.25Z") == datetime(2026, 5, 1, 18, 0, 30, 250000, tzinfo=UTC)


def test_nothing_asked_is_now():
    assert parse_as_of("") is None and parse_as_of(None) is None


@pytest.mark.parametrize(
    "raw",
    [
        "yesterday", "2026-13-01T18:00", "2026-02-30T10:00", "2026-05-01T25:00", "２０２６-05-01T18:00",
        "2026-05-01T18:00\x00", "\x1b[31m", "9" * 100_000, "1900-01-01T00:00", "9999-12-31T23:59",
        "2026-05-01T18:00' OR 1=1 --", "2026-05-01",
    ],
)
def test_hostile_or_impossible_text_is_refused_with_a_message(raw):
    with pytest.raises(BadMoment) as refused:
        parse_as_of(raw)
    assert refused.value.message
