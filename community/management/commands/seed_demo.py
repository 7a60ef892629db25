"""Demo data for a newcomer running the site: members, an organiser and meetups in every
state, all issued through the same commands people use (so it is events too).
Running it again adds nothing."""

from django.core.management.base import BaseCommand

from community.meetups.seed import seed_meetups
from membership.seed import DEMO_PASSWORD, MEMBERS, ORGANISER, seed_members


class Command(BaseCommand):
    help = "Load demo members, an organiser and meetups (through commands). Idempotent."

    def handle(self, *args, **options):
        seed_members(self.stdout.write)
        seed_meetups(self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Organiser demo login: {ORGANISER[0]} / {DEMO_PASSWORD}"))
        self.stdout.write(f"Member demo login:    {MEMBERS[0][0]} / {DEMO_PASSWORD}")
