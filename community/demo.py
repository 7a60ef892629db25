"""Demo data for a newcomer running the site (`manage.py seed_demo`), through the same
commands people use, so it is events too. Each app seeds what is its own (members,
meetups, talks); the archive's past talk nights, which are meetups and talks at once,
are seeded here. Running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from community.group.command import describe_group, list_sponsors
from community.group.events import GROUP_STREAM
from eventstore.store import event_store
from meetups.checkin.command import check_in
from meetups.rsvp.command import rsvp
from meetups.schedule.command import MeetupPlan, schedule_meetup
from meetups.seed import talk_night
from meetups.streams import meetup_stream
from membership.read_models import Member
from talks.agenda.command import schedule_talk
from talks.confirm.command import confirm_talk
from talks.propose.command import ProposalContent, submit_proposal
from talks.resources.command import ResourceInput, attach_resource, tag_talk
from talks.review.command import decide_on_proposal

# -- the archive: a year and more of past talk nights, with resources and tags -----------------

ARCHIVE_TALKS = [
    ("Python packaging with pyproject.toml", "beginner", ["packaging"]),
    ("Writing fast NumPy code", "intermediate", ["numpy", "performance"]),
    ("Django signals considered harmful", "intermediate", ["django"]),
    ("Your first pull request to CPython", "beginner", ["cpython", "open-source"]),
    ("Profiling with py-spy and scalene", "intermediate", ["performance", "profiling"]),
    ("Dataclasses, attrs and pydantic compared", "intermediate", ["typing", "data-modeling"]),
    ("Testing Django apps with pytest-django", "beginner", ["testing", "django", "pytest"]),
    ("Mocking less, testing more", "intermediate", ["testing"]),
    ("Building CLIs with Typer", "beginner", ["cli"]),
    ("Async Django in production", "advanced", ["django", "async"]),
    ("Static typing with mypy at scale", "advanced", ["typing"]),
    ("Web scraping politely", "beginner", ["web", "scraping"]),
    ("Polars for pandas users", "intermediate", ["data", "polars"]),
    ("Machine learning pipelines with scikit-learn", "intermediate", ["ml", "data"]),
    ("Python on microcontrollers", "beginner", ["hardware", "micropython"]),
    ("Security pitfalls in Python web apps", "intermediate", ["security", "web"]),
    ("Postgres full-text search from Django", "intermediate", ["django", "postgresql", "search"]),
    ("Event sourcing in Python", "advanced", ["architecture", "event-sourcing"]),
    ("Structured logging with structlog", "beginner", ["logging", "observability"]),
    ("Tracing Python services with OpenTelemetry", "advanced", ["observability"]),
    ("Jupyter notebooks you can trust", "beginner", ["jupyter", "data"]),
    ("Regular expressions without tears", "beginner", ["text"]),
    ("Descriptors and the attribute lookup chain", "advanced", ["cpython", "internals"]),
    ("Property-based testing of parsers", "advanced", ["testing", "hypothesis"]),
    ("Deploying Django with gunicorn and whitenoise", "intermediate", ["django", "deployment"]),
    ("Accessible web forms with htmx", "intermediate", ["htmx", "accessibility", "web"]),
    ("SQLAlchemy 2.0 for the ORM-weary", "intermediate", ["databases"]),
    ("Teaching Python to kids", "beginner", ["education"]),
    ("Rust extensions with PyO3", "advanced", ["rust", "performance"]),
    ("GeoPandas and maps of Richmond", "intermediate", ["data", "gis"]),
    ("The walrus operator in practice", "beginner", ["language"]),
    ("Pattern matching beyond switch", "intermediate", ["language"]),
    ("Concurrency with threads after the GIL", "advanced", ["performance", "concurrency"]),
    ("Documentation that people read", "beginner", ["docs"]),
    ("Continuous integration for small projects", "beginner", ["ci", "testing"]),
    ("Caching strategies for Django", "intermediate", ["django", "performance"]),
]
ARCHIVE_ABSTRACT = """A talk night session on {title}.

We walk through real code from projects in our group, the mistakes we made and what we
would do again. Expect live demos, a reading list and time for questions.
"""


def seed_archive(out) -> None:
    """Twelve past talk nights (4 to 15 months before the next one, on the group's third Tuesdays), three talks each, with resources
    and tags: enough for the archive, its filters and its search to show something."""
    organiser = Member.objects.filter(is_organiser=True).order_by("joined_at").first()
    speakers = list(Member.objects.filter(is_organiser=False).order_by("joined_at"))
    if organiser is None or len(speakers) < 6:
        out("Demo archive: skipped (needs the demo members first).")
        return
    by = str(organiser.member_id)
    created = 0
    for night in range(12):
        starts = talk_night(-4 - night)  # before the demo meetups' months (meetups/seed.py)
        day = timezone.localdate(starts)
        slug = f"talk-night-{day:%Y-%m}"
        if event_store().load(meetup_stream(slug)):
            continue
        schedule_meetup(
            slug=slug,
            plan=MeetupPlan(
                title=f"Talk night, {day:%B %Y}", description="Three talks, pizza and questions.", starts_at=starts,
                ends_at=starts + timedelta(hours=2, minutes=30), venue_name="Main Library, Gellman Room",
                venue_address="101 E Franklin St, Richmond, VA 23219", capacity=40,
            ),
            by=by,
            now=starts - timedelta(days=21),
        )
        for slot in range(3):
            title, level, tags = ARCHIVE_TALKS[night * 3 + slot]
            speaker = speakers[(night * 3 + slot) % len(speakers)]
            talk = submit_proposal(
                speaker_id=speaker.member_id,
                content=ProposalContent(title, ARCHIVE_ABSTRACT.format(title=title), "talk", level, [], ""),
            )
            decide_on_proposal(proposal_id=talk, decision="accept", message="See you there!", by=organiser.member_id)
            confirm_talk(proposal_id=talk, by=speaker.member_id)
            schedule_talk(slug=slug, talk_id=talk, starts_at=starts + timedelta(minutes=40 * slot), minutes=30, by=by)
            tag_talk(talk_id=talk, tags=tags, by=organiser.member_id)
            key = title.lower().replace(" ", "-")[:40]
            resources = [ResourceInput(f"Slides: {title}", f"https://speakerdeck.com/pyrva/{key}", "slides")]
            if slot != 1:
                resources.append(ResourceInput("Recording", f"https://www.youtube.com/watch?v=pyrva-{key}", "video"))
            if slot != 2:
                resources.append(ResourceInput("Example code", f"https://github.com/pyrva/{key}", "code"))
            for resource in resources:
                attach_resource(talk_id=talk, resource=resource, by=speaker.member_id)
        # Who came: RSVPs a week before, check-ins at the door (a few no-shows each night).
        going = speakers[: 6 + (night * 5) % max(len(speakers) - 5, 1)]
        for member in going:
            rsvp(slug=slug, member_id=member.member_id, now=starts - timedelta(days=7))
        for member in going[: max(len(going) - 1 - night % 3, 1)]:
            check_in(slug=slug, member_id=member.member_id, attended=True, by=by, now=starts)
        created += 1
    out(f"Demo archive: {created} new past talk nights, 12 in the demo set.")


GROUP = dict(
    name="PyRVA",
    summary=(
        "PyRVA is Richmond's Python user group: people who write Python for work, for science or for fun, "
        "from first-timers to core developers. We meet for talks, lightning talks and conversation, and "
        "everyone is welcome."
    ),
    meets_where="Main Library, Gellman Room, 101 E Franklin St, Richmond",
    meets_when="Third Tuesday of the month, 5:45 PM",
    chat_url="https://discord.gg/pyrva-demo",
    code_of_conduct=(
        "PyRVA follows the [PSF Code of Conduct](https://policies.python.org/python.org/code-of-conduct/).\n\n"
        "Be open, considerate and respectful. Harassment of any kind is not tolerated. If something is wrong, "
        "tell an organiser at the meetup or write to us; we will listen and act."
    ),
    about=(
        "## Our story\n\nPyRVA started in 2014 as six people and a projector in a coffee shop. Today a talk night "
        "brings thirty to forty people to the library.\n\n## How to help\n\n- Give a talk: five minutes is plenty\n"
        "- Bring a friend who is learning Python\n- Help set up chairs at 6 PM"
    ),
)
SPONSORS = [("Richmond Public Library", "https://rvalibrary.org/"), ("Python Software Foundation", "https://www.python.org/psf/")]


def seed_group(out) -> None:
    """The group's face, once (an organiser edits it later on /organisers/group/)."""
    if event_store().load(GROUP_STREAM):
        out("Demo group: already described.")
        return
    organiser = Member.objects.filter(is_organiser=True).order_by("joined_at").first()
    by = str(organiser.member_id) if organiser else "seed_demo"
    describe_group(by=by, **GROUP)
    list_sponsors(sponsors=SPONSORS, by=by)
    out("Demo group: described, with two sponsors.")
