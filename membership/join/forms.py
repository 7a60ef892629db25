import hashlib

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.urls import resolve

from membership.join.command import join
from web.text import TypedText


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, plus a display name; the account and the MemberJoined
    event are saved in one transaction."""

    display_name = TypedText(
        what="The display name", max_length=80,
        required=False,
        help_text="How other members see you. Leave empty to use the first part of your email.",
    )

    field_order = ["email", "display_name", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # labels say it; placeholders that repeat them only add noise
            field.widget.attrs.pop("placeholder", None)

    def try_save(self, request):
        """The same sign-up sent twice at once (a double click; issue 13) was a 500 for
        the copies that lost the race for the address (the user name made from it is
        unique). Sign-ups for one address now queue (PostgreSQL: an advisory lock on it;
        SQLite serialises writers anyway), and the ones after the first are answered as
        the page answers that sign-up now: the form, with "already registered"."""
        try:
            return super().try_save(request)
        except _AddressTaken:
            return None, resolve(request.path_info).func(request)

    def save(self, request):
        with transaction.atomic():
            email = self.cleaned_data.get("email", "")
            _queue_for_address(email)
            if EmailAddress.objects.filter(email__iexact=email).exists():
                raise _AddressTaken
            user = super().save(request)
            if user is not None:
                join(user, display_name=self.cleaned_data.get("display_name", ""))
        return user


class _AddressTaken(Exception):
    """Another sign-up for the address committed while this one waited."""


def _queue_for_address(email: str) -> None:
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(email.strip().lower().encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


class LoginForm(AllauthLoginForm):
    """allauth's log-in form in the site's words: plain labels, no placeholders that
    repeat them, and "Keep me logged in" for allauth's "Remember Me"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""  # the page links "Forgot your password?" beside the button
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"


def user_display(user) -> str:
    """How allauth names the user in its messages ("Signed in as ...")."""
    return user.email
