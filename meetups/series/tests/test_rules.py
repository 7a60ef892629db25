"""One test per series rule, with no database: the dates each rule gives, PyRVA's real
dates, and wall-clock times across daylight-saving changes in America/New_York."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from meetups.series.rules import (
    Rule,
    RuleInvalid,
    dates,
    local_start,
    nth_weekday,
    upcoming,
)

NEW_YORK = ZoneInfo("America/New_York")
TUESDAY, THURSDAY, WEDNESDAY = 1, 3, 2


def first(rule: Rule, start: date, n: int) -> list[date]:
    return list(islice(dates(rule, first=start), n))


def test_weekly_meets_every_week_on_the_first_dates_weekday():
    assert first(Rule("weekly"), date(2025, 1, 7), 4) == [date(2025, 1, 7), date(2025, 1, 14), date(2025, 1, 21), date(2025, 1, 28)]


def test_every_n_weeks_skips_the_weeks_between():
    assert first(Rule("weekly", interval=2), date(2025, 1, 7), 3) == [date(2025, 1, 7), date(2025, 1, 21), date(2025, 2, 4)]


def test_monthly_nth_weekday_is_that_weekday_of_each_month():
    assert first(Rule("monthly_weekday", weekday=THURSDAY, nth=2), date(2025, 1, 1), 3) == [
        date(2025, 1, 9), date(2025, 2, 13), date(2025, 3, 13),
    ]


def test_monthly_last_weekday_is_the_last_one_in_each_month_whether_4th_or_5th():
    assert first(Rule("monthly_weekday", weekday=WEDNESDAY, nth=-1), date(2025, 1, 1), 3) == [
        date(2025, 1, 29), date(2025, 2, 26), date(2025, 3, 26),
    ]
    assert first(Rule("monthly_weekday", weekday=WEDNESDAY, nth=-1), date(2025, 4, 1), 1) == [date(2025, 4, 30)]  # a 5th


def test_monthly_day_of_month_leaves_out_months_without_that_day():
    assert first(Rule("monthly_day", day_of_month=31), date(2025, 1, 1), 4) == [
        date(2025, 1, 31), date(2025, 3, 31), date(2025, 5, 31), date(2025, 7, 31),
    ]


def test_a_first_date_that_does_not_match_starts_at_the_next_matching_date():
    assert first(Rule("monthly_weekday", weekday=TUESDAY, nth=3), date(2024, 8, 21), 1) == [date(2024, 9, 17)]


def test_pyrva_third_tuesday_monthly_matches_its_meetup_history():
    pyrva = Rule("monthly_weekday", weekday=TUESDAY, nth=3)
    assert first(pyrva, date(2024, 8, 1), 9) == [
        date(2024, 8, 20), date(2024, 9, 17), date(2024, 10, 15), date(2024, 11, 19), date(2024, 12, 17),
        date(2025, 1, 21), date(2025, 2, 18), date(2025, 3, 18), date(2025, 4, 15),
    ]


def test_a_quarter_to_six_stays_a_quarter_to_six_across_both_daylight_saving_changes():
    pyrva = Rule("monthly_weekday", weekday=TUESDAY, nth=3)
    starts = [local_start(d, time(17, 45), NEW_YORK) for d in first(pyrva, date(2024, 10, 1), 6)]
    assert [(s.hour, s.minute) for s in starts] == [(17, 45)] * 6
    # Oct (EDT, UTC-4), Nov-Feb (EST, UTC-5), Mar 18 2025 (EDT again, clocks moved on Mar 9).
    assert [s.astimezone(UTC).hour for s in starts] == [21, 22, 22, 22, 22, 21]


def test_weekly_across_the_march_change_keeps_the_wall_clock_time_so_the_gap_is_167_hours():
    [before, after] = [local_start(d, time(19, 0), NEW_YORK) for d in first(Rule("weekly"), date(2025, 3, 5), 2)]
    assert (before.utcoffset(), after.utcoffset()) == (timedelta(hours=-5), timedelta(hours=-4))
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=167)


def test_weekly_across_the_november_change_is_169_hours():
    [before, after] = [local_start(d, time(19, 0), NEW_YORK) for d in first(Rule("weekly"), date(2025, 10, 29), 2)]
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=169)


def test_a_start_in_the_spring_gap_is_the_instant_after_it():
    assert local_start(date(2025, 3, 9), time(2, 30), NEW_YORK).astimezone(UTC) == datetime(2025, 3, 9, 7, 30, tzinfo=UTC)


def test_an_ambiguous_start_in_the_autumn_is_the_first_of_the_two():
    assert local_start(date(2025, 11, 2), time(1, 30), NEW_YORK).astimezone(UTC) == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)


def test_upcoming_is_the_next_n_after_now_without_skipped_dates():
    pyrva = Rule("monthly_weekday", weekday=TUESDAY, nth=3)
    now = datetime(2024, 9, 17, 22, 0, tzinfo=UTC)  # 6 PM that Tuesday: September's has started
    assert upcoming(pyrva, first=date(2024, 8, 1), at=time(17, 45), zone=NEW_YORK, after=now, count=3,
                    skipped=frozenset({date(2024, 11, 19)})) == [date(2024, 10, 15), date(2024, 12, 17), date(2025, 1, 21)]


def test_nth_weekday_is_none_for_a_fifth_that_does_not_exist():
    assert (nth_weekday(2025, 2, TUESDAY, 4), nth_weekday(2025, 2, TUESDAY, -1)) == (date(2025, 2, 25), date(2025, 2, 25))


@pytest.mark.parametrize("rule", [
    Rule("weekly", interval=0), Rule("monthly_weekday", nth=5), Rule("monthly_weekday", nth=0), Rule("monthly_weekday", weekday=7),
    Rule("monthly_day", day_of_month=32), Rule("monthly_day", day_of_month=0), Rule("yearly"),
])
def test_rules_that_make_no_sense_are_refused(rule):
    with pytest.raises(RuleInvalid):
        rule.checked()
