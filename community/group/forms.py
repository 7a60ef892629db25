"""The organisers' form for the group's face (the decisions check again: decide.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from community.group.decide import LIMITS, MAX_SPONSORS, is_web_address
from web.text import TypedText


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class GroupForm(forms.Form):
    name = TypedText(what="The group's name", max_length=LIMITS["name"], strip=True)
    summary = TypedText(what="The paragraph", multiline=True, max_length=LIMITS["summary"], required=False, widget=_area(4),
                        label="Who we are", help_text="One paragraph for the home page.")
    meets_where = TypedText(what="Where you meet", max_length=LIMITS["meets_where"], required=False,
                            label="Where we meet", help_text="For example: Room 201, Richmond Public Library.")
    meets_when = TypedText(what="How often you meet", max_length=LIMITS["meets_when"], required=False,
                           label="How often we meet", help_text="For example: The third Tuesday of every month, 5:45 PM.")
    chat_url = TypedText(what="The chat link", max_length=LIMITS["chat_url"], required=False, label="Chat link",
                         help_text="Discord, Slack, Matrix…: a web address starting with https://.")
    code_of_conduct = TypedText(what="The code of conduct", multiline=True, max_length=LIMITS["code_of_conduct"],
                                required=False, widget=_area(8), help_text="Markdown.")
    about = TypedText(what="The About page", multiline=True, max_length=LIMITS["about"], required=False, widget=_area(8),
                      label="About page", help_text="Markdown: history, how to help, anything else.")
    sponsors = TypedText(what="The sponsors", multiline=True, required=False, widget=_area(4),
                         help_text="One a line: the name, then a space and its web address (optional).")

    def clean_chat_url(self) -> str:
        url = self.cleaned_data["chat_url"]
        if url and not is_web_address(url):
            raise ValidationError("The chat link must be a web address starting with https://.")
        return url

    def clean_sponsors(self) -> list[tuple[str, str]]:
        sponsors = []
        for line in self.cleaned_data["sponsors"].splitlines():
            if not line.strip():
                continue
            name, _, url = line.strip().rpartition(" ")
            if not is_web_address(url):
                name, url = line.strip(), ""
            name = " ".join(name.split())
            if len(name) > 120:
                raise ValidationError(f"This sponsor's name is longer than 120 characters: {name[:60]}…")
            sponsors.append((name, url))
        if len(sponsors) > MAX_SPONSORS:
            raise ValidationError(f"Please list at most {MAX_SPONSORS} sponsors (you listed {len(sponsors)}).")
        return sponsors


def initial_from(profile) -> dict[str, str]:
    fields = ("name", "summary", "meets_where", "meets_when", "chat_url", "code_of_conduct", "about")
    initial = {name: getattr(profile, name) for name in fields}
    initial["sponsors"] = "\n".join(f"{s['name']} {s['url']}".strip() for s in profile.sponsors)
    return initial
