"""Demo data for a newcomer running the site: members, an organiser, meetups in every
state, talks and the archive, all issued through the same commands people use (so it is
events too). Running it again adds nothing.

In production it refuses: the demo organiser's password is published in the README. A
staging box may still load it with --force-production, which needs --organiser-password
(a new one, at least 12 characters, not the published one); every demo account then gets it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.demo import seed_archive, seed_group
from eventstore import consumers
from eventstore.automations import Automation
from eventstore.context import acting_as
from eventstore.outbox import OutboxMessage
from eventstore.runner import catch_up
from meetups.seed import seed_meetups
from membership.seed import DEMO_PASSWORD, MEMBERS, ORGANISER, seed_members
from talks.seed import seed_talks

DEMO_ADDRESSES = [ORGANISER[0], *(email for email, *_ in MEMBERS)]


class Command(BaseCommand):
    help = "Load demo members, an organiser, meetups and talks (through commands). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force-production", action="store_true", help="Load the demo on a production-mode site (staging).")
        parser.add_argument("--organiser-password", help="With --force-production: the demo accounts' new password.")

    def handle(self, *args, force_production=False, organiser_password=None, **options):
        if settings.PRODUCTION:
            if not force_production:
                raise CommandError(
                    "seed_demo refuses to run in production (DJANGO_ENV=production): its organiser's password is "
                    "published. For a staging box: --force-production --organiser-password NEW-PASSWORD."
                )
            self.check_new_password(organiser_password)
        elif organiser_password:
            self.check_new_password(organiser_password)
        # The demo's events are the system's, for the demo (each history says so).
        with acting_as(None, "system", "seed_demo"):
            seed_members(self.stdout.write)
            seed_group(self.stdout.write)
            seed_meetups(self.stdout.write)
            seed_talks(self.stdout.write)
            seed_archive(self.stdout.write)
        # What the demo events would mail goes to fictional addresses: let the automations
        # record it, then drop it from the outbox before the worker sends it.
        for automation in consumers.registered(Automation):
            catch_up(automation)
        dropped, _ = OutboxMessage.objects.filter(to__in=DEMO_ADDRESSES, status=OutboxMessage.PENDING).delete()
        if dropped:
            self.stdout.write(f"Demo mail to the demo members' fictional addresses: {dropped} dropped, not sent.")
        if organiser_password:
            for user in get_user_model().objects.filter(email__in=DEMO_ADDRESSES):
                user.set_password(organiser_password)
                user.save(update_fields=["password"])
            self.stdout.write(self.style.SUCCESS(f"Demo accounts ({ORGANISER[0]}, ...) use the password you gave."))
            return
        self.stdout.write(self.style.SUCCESS(f"Organiser demo login: {ORGANISER[0]} / {DEMO_PASSWORD}"))
        self.stdout.write(f"Member demo login:    {MEMBERS[0][0]} / {DEMO_PASSWORD}")

    @staticmethod
    def check_new_password(password: str | None) -> None:
        if not password:
            raise CommandError("--force-production needs --organiser-password NEW-PASSWORD (not the published demo one).")
        if password == DEMO_PASSWORD or len(password) < 12:
            raise CommandError("--organiser-password must be a new password of at least 12 characters, not the published one.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("--organiser-password: " + " ".join(error.messages)) from None
