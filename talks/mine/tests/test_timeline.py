"""A proposal's timeline as its speakers see it (no database)."""

from talks.builders import (
    ANN,
    BOB,
    OLIVIA,
    accepted,
    at,
    confirmed_talk,
    declined,
    edited,
    invited,
    joined,
    kept,
    reviewed,
    submitted,
    turned_down,
    withdrawn_because,
)
from talks.mine.timeline import Happening, people_in, timeline

NAMES = {ANN: "Ann", BOB: "Bob", OLIVIA: "Olivia"}


def minutes(n: int):
    return at(submitted(ANN), n).timestamp


def test_the_timeline_lists_what_happened_oldest_first_with_who_did_it():
    history = [at(submitted(ANN), 0), at(edited(ANN), 1), at(invited(BOB), 2), at(joined(BOB), 3), at(confirmed_talk(BOB), 9)]
    assert timeline(history, NAMES) == [
        Happening(minutes(0), "Submitted by Ann."),
        Happening(minutes(1), "Edited by Ann."),
        Happening(minutes(2), "Ann invited Bob to co-present."),
        Happening(minutes(3), "Bob joined as a co-speaker."),
        Happening(minutes(9), "Confirmed by Bob."),
    ]


def test_the_timeline_hides_the_organisers_reviews_and_their_scores():
    history = [at(submitted(ANN), 0), at(reviewed(OLIVIA, score=1, comment="Weak"), 1), at(accepted("Welcome!"), 2)]
    assert timeline(history, NAMES) == [
        Happening(minutes(0), "Submitted by Ann."),
        Happening(minutes(2), "Accepted by the organisers.", "Welcome!"),
    ]


def test_decisions_show_the_organisers_message_but_not_who_decided():
    history = [at(kept("Maybe in spring"), 0), at(declined("Not this time"), 1)]
    assert timeline(history, NAMES) == [
        Happening(minutes(0), "Kept for later by the organisers.", "Maybe in spring"),
        Happening(minutes(1), "Declined by the organisers.", "Not this time"),
    ]


def test_a_declined_invitation_and_a_withdrawal_with_its_reason_are_shown():
    history = [at(turned_down(BOB), 0), at(withdrawn_because("I moved.", by=ANN), 1)]
    assert timeline(history, NAMES) == [
        Happening(minutes(0), "Bob declined the invitation."),
        Happening(minutes(1), "Withdrawn by Ann.", "I moved."),
    ]


def test_a_member_no_longer_known_is_named_as_a_former_member():
    history = [at(submitted(ANN), 0), at(invited(BOB, by=ANN), 1)]
    assert timeline(history, {BOB: "Bob"}) == [
        Happening(minutes(0), "Submitted by a former member."),
        Happening(minutes(1), "A former member invited Bob to co-present."),
    ]


def test_the_people_to_name_are_those_of_shown_events_only():
    assert people_in([submitted(ANN), invited(BOB, by=ANN), reviewed(OLIVIA)]) == {ANN, BOB}
