"""The site's pages for the quality checks (HTML validity, accessibility): the demo data
(`manage.py seed_demo`, through the real commands) and, on it, every page a visitor, a
member and an organiser sees, each with who looks at it.

`seed()` loads the demo and returns the pages; `PageToCheck.who` is None for a visitor or
a demo account's email (its password is DEMO_PASSWORD). `form` is posted (as that
person) instead of a GET, for a form shown back with its errors."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.management import call_command

from membership.read_models import Member
from membership.seed import DEMO_PASSWORD, ORGANISER
from talks.proposals.projection import TalkProposal

ORGANISER_EMAIL = ORGANISER[0]
MEMBER_EMAIL = "ada@example.com"  # a demo member with a public profile, RSVPed to the next talk night
PASSWORD = DEMO_PASSWORD

# The demo's meetups (meetups/seed.py): the next talk night (seats left), a full one with a
# waitlist, and a past one with attendance and talks.
UPCOMING = "djangonauts-night"
FULL = "lightning-talks"
PAST = "testing-with-pytest"
NO_RSVPS = "packaging-in-2027"  # upcoming, nobody going yet


@dataclass(frozen=True)
class PageToCheck:
    name: str  # a file name: letters, digits and dashes
    path: str
    who: str | None = None
    form: dict[str, str] | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.path} as {self.who or 'visitor'}" + (" (posted with errors)" if self.form is not None else "")


def seed() -> list[PageToCheck]:
    """Load the demo data and list the pages on it."""
    call_command("seed_demo", stdout=io.StringIO())
    talk = TalkProposal.objects.get(title="Fixtures all the way down")  # confirmed, on a past meetup's agenda
    submitted = TalkProposal.objects.get(title="Type hints for the sceptical")
    accepted = TalkProposal.objects.get(title="Five lightning minutes on uv")  # accepted, not on an agenda yet
    speaker = Member.objects.get(member_id=talk.speaker_ids[0])
    public = Member.objects.get(email=MEMBER_EMAIL)
    assert public.is_public and public.public_id, "the demo member's profile should be public"
    organiser, member = ORGANISER_EMAIL, MEMBER_EMAIL
    return [
        # Public pages, as a visitor.
        PageToCheck("home", "/"),
        PageToCheck("about", "/about/"),
        PageToCheck("meetups", "/meetups/"),
        PageToCheck("meetup-upcoming", f"/meetups/{UPCOMING}/"),
        PageToCheck("meetup-full", f"/meetups/{FULL}/"),
        PageToCheck("meetup-past", f"/meetups/{PAST}/"),
        PageToCheck("schedule", "/schedule/"),
        PageToCheck("archive", "/archive/"),
        PageToCheck("archive-search", "/archive/?q=django"),
        PageToCheck("archive-filtered", "/archive/?q=testing&level=beginner"),
        PageToCheck("archive-nothing", "/archive/?q=haskell&level=advanced"),
        PageToCheck("talk", f"/talks/{talk.proposal_id}/"),
        PageToCheck("speaker", f"/speakers/{speaker.member_id}/"),
        PageToCheck("member-profile", f"/members/{public.public_id}/"),
        # Account pages.
        PageToCheck("login", "/accounts/login/"),
        PageToCheck("signup", "/accounts/signup/"),
        PageToCheck("signup-errors", "/accounts/signup/", form={"email": "not-an-email", "password1": "x"}),
        PageToCheck("password-reset", "/accounts/password/reset/"),
        # A member's pages.
        PageToCheck("home-member", "/", member),
        PageToCheck("meetup-upcoming-member", f"/meetups/{UPCOMING}/", member),
        PageToCheck("meetup-full-member", f"/meetups/{FULL}/", member),
        PageToCheck("rsvp-cancel-confirm", f"/meetups/{UPCOMING}/rsvp/cancel/", member),
        PageToCheck("my-profile", "/members/me/", member),
        PageToCheck("my-profile-edit", "/members/me/edit/", member),
        PageToCheck("my-mail", "/members/me/mail/", member),
        PageToCheck("my-talks", "/talks/mine/", member),
        PageToCheck("propose", "/talks/propose/", member),
        PageToCheck("propose-errors", "/talks/propose/", member, form={"title": "", "abstract": ""}),
        PageToCheck("account-email", "/accounts/email/", member),
        PageToCheck("account-password", "/accounts/password/change/", member),
        # An organiser's pages.
        PageToCheck("review", "/talks/review/", organiser),
        PageToCheck("review-submitted", f"/talks/review/{submitted.proposal_id}/", organiser),
        PageToCheck("review-accepted", f"/talks/review/{accepted.proposal_id}/", organiser),
        PageToCheck("roster", f"/meetups/{UPCOMING}/roster/", organiser),
        PageToCheck("roster-full", f"/meetups/{FULL}/roster/", organiser),
        PageToCheck("meetup-history", f"/meetups/{UPCOMING}/history/", organiser),
        PageToCheck("group", "/organisers/group/", organiser),
    ]

