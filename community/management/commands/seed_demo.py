"""Demo data for a newcomer running the site: members, an organiser, meetups in every
state, talks and the archive, all issued through the same commands people use (so it is
events too). Running it again adds nothing."""

from django.core.management.base import BaseCommand

from community.demo import seed_archive, seed_group
from eventstore import consumers
from eventstore.automations import Automation
from eventstore.outbox import OutboxMessage
from eventstore.runner import catch_up
from meetups.seed import seed_meetups
from membership.seed import DEMO_PASSWORD, MEMBERS, ORGANISER, seed_members
from talks.seed import seed_talks

DEMO_ADDRESSES = [ORGANISER[0], *(email for email, *_ in MEMBERS)]


class Command(BaseCommand):
    help = "Load demo members, an organiser, meetups and talks (through commands). Idempotent."

    def handle(self, *args, **options):
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
        self.stdout.write(self.style.SUCCESS(f"Organiser demo login: {ORGANISER[0]} / {DEMO_PASSWORD}"))
        self.stdout.write(f"Member demo login:    {MEMBERS[0][0]} / {DEMO_PASSWORD}")
