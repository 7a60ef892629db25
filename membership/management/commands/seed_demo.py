"""Demo data, issued through the same commands people use, so it is events too.
Running it again adds nothing."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from membership.join.command import sign_up
from membership.members.projection import Member
from membership.organisers.command import appoint_organiser
from membership.profile.command import UpdateProfile, update_profile

DEMO_PASSWORD = "convene-demo-2026"
ORGANISER = ("organiser@example.com", "Olivia Organiser", "Runs the monthly talk nights.", ["https://example.com/olivia"])
MEMBERS = [
    ("ada@example.com", "Ada Lovelace", "Writes notes on analytical engines.", ["https://github.com/ada"]),
    ("guido@example.com", "Guido", "Likes readable code.", []),
    ("grace@example.com", "Grace Hopper", "Finds bugs, literally.", ["https://example.com/grace"]),
    ("brett@example.com", "Brett", "", []),
    ("carol@example.com", "Carol Willing", "Jupyter and community.", ["https://example.com/carol"]),
    ("dan@example.com", "Dan", "New to Python, here to learn.", []),
]


class Command(BaseCommand):
    help = "Load demo members and an organiser (through commands). Idempotent."

    def handle(self, *args, **options):
        User = get_user_model()
        created = 0
        for email, name, bio, links in [ORGANISER, *MEMBERS]:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = sign_up(email=email, password=DEMO_PASSWORD, display_name=name, verified=True)
                update_profile(user_id=user.pk, command=UpdateProfile(display_name=name, bio=bio, links=links))
                created += 1
        organiser = User.objects.get(email=ORGANISER[0])
        if not Member.objects.filter(user_id=organiser.pk, is_organiser=True).exists():
            appoint_organiser(user_id=organiser.pk, by="seed_demo")
            User.objects.filter(pk=organiser.pk).update(is_superuser=True)
        self.stdout.write(f"Demo data: {created} new member(s), {User.objects.count()} in all.")
        self.stdout.write(self.style.SUCCESS(f"Organiser demo login: {ORGANISER[0]} / {DEMO_PASSWORD}"))
        self.stdout.write(f"Member demo login:    {MEMBERS[0][0]} / {DEMO_PASSWORD}")
