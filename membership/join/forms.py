from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.db import transaction

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

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            if user is not None:
                join(user, display_name=self.cleaned_data.get("display_name", ""))
        return user


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
