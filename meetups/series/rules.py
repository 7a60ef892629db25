"""The rules a series follows, as pure functions: which dates it meets on, and when an
occurrence starts in the group's time zone. No database, no clock: tested alone
(meetups/series/tests/test_rules.py).

Four rules (RFC 5545's RRULE names in brackets):
- weekly: every `interval` weeks on the first date's weekday [FREQ=WEEKLY;INTERVAL=n];
- monthly_weekday: the `nth` (1-4, or -1 for the last) `weekday` of every month
  ("third Tuesday") [FREQ=MONTHLY;BYDAY=3TU / -1TU];
- monthly_day: day `day_of_month` (1-31) of every month; a month without that day is
  left out, as iCalendar does (no meetup on 31 April) [FREQ=MONTHLY;BYMONTHDAY=31].

Times are local wall-clock times: "5:45 PM" stays 5:45 PM across daylight-saving changes
(the UTC instant moves by an hour), which is what members expect of a group that meets
"at a quarter to six".
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Frequency = Literal["weekly", "monthly_weekday", "monthly_day"]
FREQUENCIES: tuple[Frequency, ...] = ("weekly", "monthly_weekday", "monthly_day")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# Far enough to find the next date of any rule (a monthly_day of 31 skips at most 2
# months in a row); a guard against looping forever on a rule that never matches.
_MAX_MONTHS = 48


class RuleInvalid(ValueError):
    """The rule's numbers make no sense (the message says which)."""


@dataclass(frozen=True)
class Rule:
    frequency: Frequency
    interval: int = 1  # weekly: every `interval` weeks
    weekday: int = 0  # monthly_weekday: 0 = Monday ... 6 = Sunday
    nth: int = 1  # monthly_weekday: 1-4, or -1 for the last
    day_of_month: int = 1  # monthly_day: 1-31

    def checked(self) -> Rule:
        if self.frequency not in FREQUENCIES:
            raise RuleInvalid("Choose how often the series meets.")
        if self.frequency == "weekly" and not 1 <= self.interval <= 52:
            raise RuleInvalid("Every 1 to 52 weeks.")
        if self.frequency == "monthly_weekday":
            if self.nth not in ORDINALS:
                raise RuleInvalid("The week of the month is the first, second, third, fourth or last.")
            if not 0 <= self.weekday <= 6:
                raise RuleInvalid("Choose a day of the week.")
        if self.frequency == "monthly_day" and not 1 <= self.day_of_month <= 31:
            raise RuleInvalid("The day of the month is 1 to 31.")
        return self

    def describe(self, first: date) -> str:
        """In words: "third Tuesday of every month"."""
        match self.frequency:
            case "weekly":
                every = "week" if self.interval == 1 else f"{self.interval} weeks"
                return f"every {every} on {WEEKDAYS[first.weekday()]}"
            case "monthly_weekday":
                return f"{ORDINALS[self.nth]} {WEEKDAYS[self.weekday]} of every month"
            case _:
                return f"day {self.day_of_month} of every month"


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1-4, or -1: the last) weekday of a month; None if the month has no 5th."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def _months_from(first: date) -> Iterator[tuple[int, int]]:
    year, month = first.year, first.month
    for _ in range(_MAX_MONTHS * 100):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def dates(rule: Rule, *, first: date) -> Iterator[date]:
    """Every date of the rule, in order, from `first` (inclusive; `first` itself counts
    only if it matches the rule, except for weekly, which meets on `first`'s weekday)."""
    rule = rule.checked()
    if rule.frequency == "weekly":
        day = first
        while True:
            yield day
            day += timedelta(weeks=rule.interval)
    missed = 0
    for year, month in _months_from(first):
        if rule.frequency == "monthly_weekday":
            day = nth_weekday(year, month, rule.weekday, rule.nth)
        else:
            day = date(year, month, rule.day_of_month) if rule.day_of_month <= calendar.monthrange(year, month)[1] else None
        if day is None or day < first:
            missed += 1
            if missed > _MAX_MONTHS:
                return
            continue
        missed = 0
        yield day


def local_start(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a meetup starting at wall-clock time `at` on `day` starts. A time that
    does not exist that day (2:30 AM when clocks spring forward) is read as the instant
    after the gap, the same instant as RFC 5545 gives; an ambiguous one (1:30 AM when
    they fall back) is the first of the two."""
    moment = datetime.combine(day, at, tzinfo=zone)
    return moment.astimezone(ZoneInfo("UTC")).astimezone(zone)


def upcoming(rule: Rule, *, first: date, at: time, zone: ZoneInfo, after: datetime, count: int,
             skipped: frozenset[date] = frozenset()) -> list[date]:
    """The next `count` dates of the rule whose start is later than `after`, leaving out
    the skipped ones."""
    found: list[date] = []
    if count <= 0:
        return found
    for day in dates(rule, first=first):
        if day in skipped or local_start(day, at, zone) <= after:
            continue
        found.append(day)
        if len(found) == count:
            break
    return found
