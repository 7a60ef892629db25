from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from eventstore.context import acting_as
from membership.organisers.command import appoint_organiser, stand_down_organiser
from web.refusals import attempt


class Command(BaseCommand):
    help = "Give a member organiser (staff) rights, or take them away with --stand-down."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--stand-down", action="store_true")

    def handle(self, *args, email, stand_down, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No member with the email {email}.")
        command = stand_down_organiser if stand_down else appoint_organiser
        with acting_as(None, "system", "manage.py appoint_organiser"):
            _, refusal = attempt(lambda: command(user_id=user.pk, by="manage.py"))
        if refusal is not None:
            raise CommandError(refusal)
        self.stdout.write(self.style.SUCCESS(f"{email}: {'stood down' if stand_down else 'now an organiser'}."))
