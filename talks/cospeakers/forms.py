from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from membership.read_models import Member
from web.text import refuse_control_characters

UNKNOWN_EMAIL = "No member with that email; ask them to sign up first."


class Email(forms.EmailField):
    """An address without control characters: the address validator lets them through
    in a quoted local part (a U+000B between the quotes of "a b"@example.com), and gives
    two errors for a NUL."""

    def validate(self, value):
        super().validate(value)
        refuse_control_characters(value, what="The email", multiline=False)


class InviteForm(forms.Form):
    email = Email(
        label="Co-speaker's email", max_length=254,
        error_messages={"required": "Please give the email of the member to invite.", "invalid": "Please give a valid email address."},
    )

    def clean_email(self) -> Member:
        member = Member.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if member is None:
            raise ValidationError(UNKNOWN_EMAIL)
        return member
