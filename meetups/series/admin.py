"""The organisers' admin for series. Like the meetup admin (meetups/schedule/admin.py) it
never saves a projection row: adding a series starts it (and makes its next meetups at
once); the change form changes an occurrence (this one only, or this and all future
ones), skips one with a message, or ends the series, each through its command. Rules are
checked by the same decisions before saving, so a refusal shows as a form error."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from eventstore.store import event_store
from meetups.series.command import (
    change_future_occurrences,
    change_occurrence,
    end_series,
    group_zone,
    skip_occurrence,
    start_series,
)
from meetups.series.projection import SeriesListing
from meetups.series.rules import Rule
from meetups.series.series import (
    Series,
    SeriesPlan,
    Template,
    decide_change_future,
    decide_end,
    decide_skip,
    decide_start,
)
from meetups.streams import series_stream
from membership.read_models import member_stream
from web.admin_initial import InitialThatParses
from web.refusals import attempt
from web.text import checked_text

TEMPLATE_FIELDS = ["start_time", "minutes", "venue_name", "venue_address", "venue_map_url", "capacity"]
START_FIELDS = [
    "slug", "title", "description", "frequency", "interval", "weekday", "nth", "day_of_month", "first_date",
    *TEMPLATE_FIELDS, "rsvp_opens_days_before", "ahead",
]


class _TextChecks:
    def _text(self, name: str, what: str, *, multiline: bool = False) -> str:
        return checked_text(self.cleaned_data.get(name), what=what, multiline=multiline)

    def clean_venue_name(self) -> str:
        return self._text("venue_name", "The venue")

    def clean_venue_address(self) -> str:
        return self._text("venue_address", "The address")

    def template(self) -> Template:
        d = self.cleaned_data
        return Template(
            start_time=d["start_time"], minutes=d["minutes"], venue_name=d.get("venue_name") or "",
            venue_address=d.get("venue_address") or "", venue_map_url=d.get("venue_map_url") or "", capacity=d["capacity"],
        )

    def _refused(self, decide) -> None:
        _, refusal = attempt(decide)
        if refusal is not None:
            raise ValidationError(refusal)


class SeriesStartForm(_TextChecks, forms.ModelForm):
    class Meta:
        model = SeriesListing
        fields = START_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("description", "venue_address", "venue_map_url"):
            self.fields[name].required = False

    def validate_unique(self):
        """Slug uniqueness is a rule of the start command, checked in clean()."""

    def clean_title(self) -> str:
        return self._text("title", "The title")

    def clean_description(self) -> str:
        return self._text("description", "The description", multiline=True)

    def plan(self) -> SeriesPlan:
        d = self.cleaned_data
        return SeriesPlan(
            title=d["title"], description=d.get("description") or "",
            rule=Rule(d["frequency"], d["interval"], d["weekday"], d["nth"], d["day_of_month"]),
            first_date=d["first_date"], template=self.template(), rsvp_opens_days_before=d["rsvp_opens_days_before"],
            ahead=d["ahead"],
        )

    def clean(self):
        data = super().clean()
        if not self.errors:
            history = event_store().load(series_stream(data["slug"]))
            self._refused(lambda: decide_start(history, slug=data["slug"], plan=self.plan(), by=None))
        return data


class SeriesChangeForm(_TextChecks, forms.ModelForm):
    occurrence = forms.TypedChoiceField(coerce=date.fromisoformat, help_text="The meetup of the series to change or skip.")
    apply_to = forms.ChoiceField(
        choices=[("only", "This occurrence only"), ("future", "This and all future occurrences")], initial="only",
        widget=forms.RadioSelect,
    )
    skip_with_message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="To skip this occurrence (a holiday), write the message emailed to everyone who RSVPed, then save.",
    )
    end_series = forms.BooleanField(required=False, help_text="No more meetups are made; those already made stay.")

    class Meta:
        model = SeriesListing
        fields = TEMPLATE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("venue_address", "venue_map_url"):
            self.fields[name].required = False
        self.series = Series.fold(event_store().load(series_stream(self.instance.slug)))
        now = timezone.now()
        upcoming = sorted({*(d for d, _ in self.series.occurrences.items()), *self.series.due(now=now, zone=group_zone())})
        self.fields["occurrence"].choices = [
            (day.isoformat(), f"{day:%a %d %b %Y}" + (" (skipped)" if day in self.series.skipped else ""))
            for day in upcoming if day >= timezone.localdate(now)
        ]

    def validate_unique(self):
        pass

    def clean_skip_with_message(self) -> str:
        return self._text("skip_with_message", "The message", multiline=True)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        history = event_store().load(series_stream(self.instance.slug))
        if data.get("end_series"):
            self._refused(lambda: decide_end(history, by=None))
        elif data.get("skip_with_message", "").strip():
            self._refused(lambda: decide_skip(history, day=data["occurrence"], message=data["skip_with_message"], by=None))
        elif data["apply_to"] == "future":
            self._refused(lambda: decide_change_future(history, from_date=data["occurrence"], template=self.template(), by=None))
        else:
            self._refused(self.template().checked)
        return data


@admin.register(SeriesListing)
class SeriesAdmin(InitialThatParses, admin.ModelAdmin):
    list_display = ["title", "rule_text", "start_time", "capacity", "ahead", "occurrence_count", "ended"]
    list_filter = ["ended"]
    search_fields = ["title", "slug"]
    readonly_fields = ["rule_text", "occurrence_links"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = SeriesChangeForm if obj else SeriesStartForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["slug", "title", "description"]}),
                ("When", {"fields": ["frequency", ("interval", "weekday", "nth", "day_of_month"), "first_date",
                                     ("start_time", "minutes")]}),
                ("Where and how many", {"fields": ["venue_name", "venue_address", "venue_map_url", "capacity",
                                                   "rsvp_opens_days_before", "ahead"]}),
            ]
        return [
            (None, {"fields": ["rule_text", "occurrence_links"]}),
            ("Change an occurrence", {"fields": ["occurrence", "apply_to", *TEMPLATE_FIELDS]}),
            ("Skip it", {"fields": ["skip_with_message"], "classes": ["collapse"]}),
            ("End the series", {"fields": ["end_series"], "classes": ["collapse"]}),
        ]

    @admin.display(description="Meetups of the series")
    def occurrence_links(self, obj):
        series = Series.fold(event_store().load(series_stream(obj.slug)))
        if not series.occurrences:
            return "-"
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("meetup-detail", args=[slug]), f"{day:%d %b %Y}") for day, slug in sorted(series.occurrences.items())),
        )

    def has_delete_permission(self, request, obj=None):
        return False  # a series is ended, never deleted: the log keeps it

    def save_model(self, request, obj, form, change):
        by = member_stream(request.user.pk)
        now = timezone.now()
        d = form.cleaned_data
        if not change:
            start_series(slug=d["slug"], plan=form.plan(), by=by, now=now)
            obj.pk = obj.stream_id = series_stream(d["slug"])
        elif d.get("end_series"):
            end_series(slug=obj.slug, by=by)
        elif d.get("skip_with_message", "").strip():
            skip_occurrence(slug=obj.slug, day=d["occurrence"], message=d["skip_with_message"], by=by)
        elif d["apply_to"] == "future":
            change_future_occurrences(slug=obj.slug, from_date=d["occurrence"], template=form.template(), by=by, now=now)
        else:
            change_occurrence(slug=obj.slug, day=d["occurrence"], template=form.template(), by=by, now=now)

    def save_related(self, request, form, formsets, change):
        pass

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response, refusal = attempt(lambda: super(SeriesAdmin, self).changeform_view(request, object_id, form_url, extra_context))
        if refusal is None:
            return response
        self.message_user(request, refusal, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
