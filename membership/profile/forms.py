from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from membership.profile.command import UpdateProfile
from web.text import TypedText

MAX_LINKS = 5
_url = URLValidator(schemes=["http", "https"])


class ProfileForm(forms.Form):
    display_name = TypedText(what="The display name", max_length=80, strip=True)
    bio = TypedText(
        what="The bio", multiline=True,
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="A few lines; up to 500 characters."
    )
    links = TypedText(
        what="A link", multiline=True,  # checked before splitting: splitlines() takes U+000B for a line break
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {MAX_LINKS} web addresses (http or https), one per line: your site, GitHub, Mastodon…",
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError("Please give a display name.")
        return name

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise ValidationError(f"Please give at most {MAX_LINKS} links (you gave {len(links)}).")
        for link in links:
            if len(link) > 200:
                raise ValidationError(f"This link is longer than 200 characters: {link[:60]}…")
            try:
                _url(link)
            except ValidationError:
                raise ValidationError(f"“{link[:80]}” is not a web address starting with http:// or https://.") from None
        return links

    def command(self) -> UpdateProfile:
        data = self.cleaned_data
        return UpdateProfile(display_name=data["display_name"], bio=data["bio"].strip(), links=data["links"])
