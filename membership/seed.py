"""Demo members and an organiser, issued through the same commands people use, so it
is events too. Running it again adds nothing."""

from django.contrib.auth import get_user_model

from membership.join.command import sign_up
from membership.members.projection import Member
from membership.organisers.command import appoint_organiser
from membership.profile.command import UpdateProfile, update_profile
from membership.visibility.command import show_profile

DEMO_PASSWORD = "convene-demo-2026"
ORGANISER = ("organiser@example.com", "Olivia Organiser", "Runs the monthly talk nights.", ["https://example.com/olivia"])
MEMBERS = [
    ("ada@example.com", "Ada Lovelace", "Writes notes on analytical engines.", ["https://github.com/ada"]),
    ("guido@example.com", "Guido", "Likes readable code.", []),
    ("grace@example.com", "Grace Hopper", "Finds bugs, literally.", ["https://example.com/grace"]),
    ("brett@example.com", "Brett", "", []),
    ("carol@example.com", "Carol Willing", "Jupyter and community.", ["https://example.com/carol"]),
    ("dan@example.com", "Dan", "New to Python, here to learn.", []),
    *[(f"member{i}@example.com", name, "", []) for i, name in enumerate(
        ["Eve", "Frank", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Oscar", "Peggy", "Rupert", "Sybil", "Trent",
         "Victor", "Walter", "Yasmin", "Zoe"], start=1)],
]


def seed_members(out) -> None:
    User = get_user_model()
    created = 0
    for email, name, bio, links in [ORGANISER, *MEMBERS]:
        if not User.objects.filter(email=email).exists():
            user = sign_up(email=email, password=DEMO_PASSWORD, display_name=name, verified=True)
            update_profile(user_id=user.pk, command=UpdateProfile(display_name=name, bio=bio, links=links))
            if bio:  # the demo members who wrote a bio chose a public profile; the others stay private
                show_profile(user_id=user.pk)
            created += 1
    organiser = User.objects.get(email=ORGANISER[0])
    if not Member.objects.filter(user_id=organiser.pk, is_organiser=True).exists():
        appoint_organiser(user_id=organiser.pk, by="seed_demo")
        User.objects.filter(pk=organiser.pk).update(is_superuser=True)
    out(f"Demo members: {created} new, {User.objects.count()} in all.")
