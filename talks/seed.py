"""Demo proposals in every state, reviews, and talks on the agendas of past and
upcoming meetups, all through the real commands. Idempotent: skipped once the demo
talks exist (matched by title)."""

from __future__ import annotations

from datetime import timedelta

from meetups.read_models import MeetupListing
from membership.read_models import Member
from talks.agenda.command import schedule_talk
from talks.confirm.command import confirm_talk
from talks.proposals.projection import TalkProposal
from talks.propose.command import ProposalContent, submit_proposal
from talks.review.command import decide_on_proposal, review_proposal
from talks.withdraw.command import withdraw_proposal

# title, format, level, final state, meetup slug for the agenda (or None), minutes after the start
TALKS = [
    ("Ten years of pandas idioms", "talk", "intermediate", "confirmed", "python-and-pandas", 0),
    ("Plotting without tears", "short", "beginner", "confirmed", "python-and-pandas", 35),
    ("Fixtures all the way down", "talk", "intermediate", "confirmed", "testing-with-pytest", 0),
    ("Property-based testing with Hypothesis", "long", "advanced", "confirmed", "testing-with-pytest", 35),
    ("asyncio from first principles", "talk", "intermediate", "confirmed", "async-all-the-way", 0),
    ("Trio, anyio and structured concurrency", "short", "advanced", "confirmed", "async-all-the-way", 35),
    ("Django 6 template partials with htmx", "talk", "beginner", "confirmed", "djangonauts-night", 0),
    ("Event sourcing a user group site", "long", "intermediate", "accepted", "djangonauts-night", 35),
    ("Five lightning minutes on uv", "lightning", "beginner", "accepted", None, 0),
    ("Type hints for the sceptical", "talk", "intermediate", "submitted", None, 0),
    ("Writing a CPython extension in Rust", "workshop", "advanced", "submitted", None, 0),
    ("My first open source contribution", "short", "beginner", "kept_for_later", None, 0),
    ("Why I rewrote everything in Perl", "talk", "beginner", "declined", None, 0),
    ("Microservices for a todo list", "long", "advanced", "withdrawn", None, 0),
]

ABSTRACT = """{title}: what we learned, with live code.

- who it is for: {level} Pythonistas
- what you take home: slides, code and a reading list
"""


def seed_talks(out) -> None:
    organisers = list(Member.objects.filter(is_organiser=True).order_by("joined_at"))
    speakers = list(Member.objects.filter(is_organiser=False).order_by("joined_at"))
    if not organisers or len(speakers) < 4:
        out("Demo talks: skipped (needs the demo members first).")
        return
    organiser = organisers[0]
    reviewers = [organiser, *speakers[-2:]]  # two members help review in the demo
    created = 0
    for i, (title, fmt, level, state, slug, offset) in enumerate(TALKS):
        if TalkProposal.objects.filter(title=title).exists():
            continue
        speaker = speakers[i % 6]
        proposal_id = submit_proposal(
            speaker_id=speaker.member_id,
            content=ProposalContent(title, ABSTRACT.format(title=title, level=level), fmt, level, [], "Happy to move dates."),
        )
        for n, reviewer in enumerate(reviewers):
            if reviewer.member_id != speaker.member_id:
                review_proposal(proposal_id=proposal_id, reviewer_id=reviewer.member_id, score=5 - (i + n) % 4,
                                comment=["Great fit", "Solid", "Maybe later", "Needs focus"][(i + n) % 4])
        decision = {"confirmed": "accept", "accepted": "accept", "kept_for_later": "keep", "declined": "decline"}.get(state)
        if decision:
            decide_on_proposal(proposal_id=proposal_id, decision=decision, message="Thank you for proposing!",
                               by=organiser.member_id)
        if state == "confirmed":
            confirm_talk(proposal_id=proposal_id, by=speaker.member_id)
        if state == "withdrawn":
            withdraw_proposal(proposal_id=proposal_id, by=speaker.member_id, reason="Could not prepare in time.")
        meetup = MeetupListing.objects.filter(slug=slug).first() if slug else None
        if meetup:
            schedule_talk(slug=slug, talk_id=proposal_id, starts_at=meetup.starts_at + timedelta(minutes=offset),
                          minutes=None, by=str(organiser.member_id))
        created += 1
    out(f"Demo talks: {created} new, {len(TALKS)} in the demo set.")
