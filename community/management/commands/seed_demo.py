"""Demo data for a newcomer running the site: members, an organiser and meetups in every
state, all issued through the same commands people use (so it is events too).
Running it again adds nothing."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from community.meetups.seed import seed_meetups
from membership.seed import DEMO_PASSWORD, MEMBERS, ORGANISER, seed_members
from talks.seed import seed_archive, seed_talks


class Command(BaseCommand):
    help = "Load demo members, an organiser, meetups and talks (through commands). Idempotent."

    def handle(self, *args, **options):
        # The demo people's email addresses are fictional: don't mail them.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            seed_members(self.stdout.write)
            seed_meetups(self.stdout.write)
            seed_talks(self.stdout.write)
            seed_archive(self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Organiser demo login: {ORGANISER[0]} / {DEMO_PASSWORD}"))
        self.stdout.write(f"Member demo login:    {MEMBERS[0][0]} / {DEMO_PASSWORD}")
