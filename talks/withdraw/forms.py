from django import forms

from web.text import TypedText

REASON_MAX = 500


class WithdrawForm(forms.Form):
    reason = TypedText(
        what="The reason", multiline=True,
        label="Reason (optional)", required=False, max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The reason can have at most %(limit_value)d characters (it has %(show_value)d)."},
        help_text="The organisers read it.",
    )
