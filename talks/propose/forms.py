from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from meetups.read_models import MeetupListing
from talks.proposal import ABSTRACT_MAX, FORMATS, LEVELS, NOTES_MAX, TITLE_MAX
from talks.propose.command import ProposalContent
from web.text import TypedText


def _too_long(what: str) -> dict[str, str]:
    return {"max_length": what + " can have at most %(limit_value)d characters (it has %(show_value)d)."}


def meetup_choices(meetups: list[MeetupListing]) -> list[tuple[str, str]]:
    return [(m.slug, f"{m.title}, {date_format(timezone.localtime(m.starts_at), 'D j M Y')}") for m in meetups]


def upcoming_meetups(keep: list[str] = ()) -> list[MeetupListing]:
    """Meetups a speaker may prefer: upcoming and not cancelled, plus those the proposal
    already names (so editing never drops a preference silently)."""
    now = timezone.now()
    upcoming = MeetupListing.objects.filter(starts_at__gt=now, cancelled=False)
    if keep:
        upcoming = upcoming | MeetupListing.objects.filter(slug__in=list(keep))
    return list(upcoming.order_by("starts_at"))


class ProposalForm(forms.Form):
    title = TypedText(
        what="The title", max_length=TITLE_MAX,
        error_messages={"required": "Please give your talk a title.", **_too_long("The title")},
    )
    abstract = TypedText(
        what="The abstract", multiline=True, max_length=ABSTRACT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Please write an abstract.", **_too_long("The abstract")},
        # The limit is said by the field's character count (templates/forms/field.html).
        help_text="What the talk is about, for the audience. Markdown: **bold**, *italic*, `code`, lists and links.",
    )
    format = forms.ChoiceField(
        choices=[(key, label) for key, (label, _minutes) in FORMATS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a format."},
    )
    level = forms.ChoiceField(
        label="Audience level", choices=list(LEVELS.items()), widget=forms.RadioSelect,
        error_messages={"required": "Please choose an audience level."},
    )
    preferred_meetups = forms.MultipleChoiceField(
        label="Preferred meetups (optional)", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Dates that suit you. Leave all unticked if any date is fine.",
    )
    notes = TypedText(
        what="The notes field", multiline=True, label="Notes to the organisers (optional)", required=False, max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}), error_messages=_too_long("The notes"),
        help_text="Only the organisers read these; they are never shown publicly.",
    )

    def __init__(self, *args, meetups: list[MeetupListing], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_meetups"].choices = meetup_choices(meetups)
        if not meetups:
            self.fields["preferred_meetups"].help_text = "No meetups are scheduled yet; the organisers will find a date."

    def content(self) -> ProposalContent:
        data = self.cleaned_data
        return ProposalContent(
            title=data["title"], abstract=data["abstract"], format=data["format"], level=data["level"],
            preferred_meetups=list(data["preferred_meetups"]), notes=data["notes"],
        )

    @classmethod
    def initial_from(cls, proposal) -> dict:
        return {
            "title": proposal.title, "abstract": proposal.abstract, "format": proposal.format, "level": proposal.level,
            "preferred_meetups": list(proposal.preferred_meetups), "notes": proposal.notes,
        }
