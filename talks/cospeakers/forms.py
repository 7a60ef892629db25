from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from membership.read_models import Member

UNKNOWN_EMAIL = "No member with that email; ask them to sign up first."


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Co-speaker's email", max_length=254,
        error_messages={"required": "Please give the email of the member to invite.", "invalid": "Please give a valid email address."},
    )

    def clean_email(self) -> Member:
        member = Member.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if member is None:
            raise ValidationError(UNKNOWN_EMAIL)
        return member
