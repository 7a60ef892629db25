"""The organisers' admin for meetups. It never saves a projection row: adding or
changing a meetup (including the capacity, editable in the list) sends the schedule and
revise commands; a cancel message cancels it. Rules are checked by the same decisions
before saving, so a refusal shows as a form error."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from eventstore.store import event_store
from meetups.listing.projection import MeetupListing
from meetups.schedule.command import (
    MeetupPlan,
    cancel_meetup,
    decide_cancel,
    decide_revise,
    decide_schedule,
    revise_meetup,
    schedule_meetup,
)
from meetups.streams import meetup_stream
from membership.read_models import member_stream
from web.admin_initial import InitialThatParses
from web.refusals import attempt
from web.text import checked_text

PLAN_FIELDS = [
    "title", "description", "starts_at", "ends_at", "venue_name", "venue_address", "venue_map_url", "capacity",
    "rsvp_opens_at", "rsvp_closes_at",
]


LABELS = {
    "slug": "Web address name", "starts_at": "Starts at", "ends_at": "Ends at", "venue_name": "Venue",
    "venue_address": "Address", "venue_map_url": "Map link", "rsvp_opens_at": "RSVPs open at",
    "rsvp_closes_at": "RSVPs close at",
}


def lowering_problem(capacity: int, going: int) -> str:
    """What lowering the capacity below the seats taken means, asked before it is done."""
    return (
        f"{going} people have seats and the new capacity is {capacity}. No one loses a seat, but new RSVPs go to "
        f"the waitlist until fewer than {capacity} are going. Tick “Yes, lower the capacity” to confirm."
    )


class MeetupForm(forms.ModelForm):
    confirm_lower_capacity = forms.BooleanField(
        required=False, label="Yes, lower the capacity",
        help_text="Needed only when the new capacity is below the seats already taken.",
    )
    cancel_with_message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="To cancel this meetup, write the message emailed to everyone who RSVPed, then save.",
    )

    class Meta:
        model = MeetupListing
        fields = ["slug", *PLAN_FIELDS]
        labels = LABELS
        help_texts = {
            "slug": "Part of the meetup's address (/meetups/<name>/); it never changes.",
            "description": "Markdown. Rendered sanitised (no scripts).",
            "rsvp_opens_at": "Leave empty to open RSVPs now.",
            "rsvp_closes_at": "Leave empty to close RSVPs when the meetup starts.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rsvp_opens_at", "rsvp_closes_at", "venue_address", "venue_map_url", "description"):
            if name in self.fields:
                self.fields[name].required = False
        if self.instance.pk and "slug" in self.fields:
            self.fields["slug"].disabled = True  # the slug names the stream: it never changes

    def validate_unique(self):
        """Slug uniqueness is a rule of the schedule command, checked in clean()."""

    def _text(self, name: str, what: str, *, multiline: bool = False) -> str:
        return checked_text(self.cleaned_data.get(name), what=what, multiline=multiline)

    def clean_title(self) -> str:
        return self._text("title", "The title")

    def clean_description(self) -> str:
        return self._text("description", "The description", multiline=True)

    def clean_venue_name(self) -> str:
        return self._text("venue_name", "The venue")

    def clean_venue_address(self) -> str:
        return self._text("venue_address", "The address")

    def clean_cancel_with_message(self) -> str:
        return self._text("cancel_with_message", "The message", multiline=True)

    def plan(self) -> MeetupPlan:
        data = self.cleaned_data
        return MeetupPlan(
            title=data.get("title") or "",
            description=data.get("description") or "",
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue_name=data.get("venue_name") or "",
            venue_address=data.get("venue_address") or "",
            capacity=data.get("capacity", self.instance.capacity),
            venue_map_url=data.get("venue_map_url") or "",
            rsvp_opens_at=data.get("rsvp_opens_at"),
            rsvp_closes_at=data.get("rsvp_closes_at"),
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        slug = self.instance.slug if self.instance.pk else data["slug"]
        history = event_store().load(meetup_stream(slug))
        capacity = data.get("capacity")
        if (
            self.instance.pk and capacity is not None and 1 <= capacity < self.instance.capacity
            and capacity < self.instance.going_count and not data.get("confirm_lower_capacity")
        ):
            self.add_error("capacity", lowering_problem(capacity, self.instance.going_count))
            return data

        def decide():
            if not self.instance.pk:
                return decide_schedule(history, slug=slug, plan=self.plan(), by="", now=timezone.now())
            if data.get("cancel_with_message", "").strip():
                return decide_cancel(history, message=data["cancel_with_message"], by="")
            return decide_revise(history, plan=self.plan(), by="", now=timezone.now())

        _, refusal = attempt(decide)
        if refusal is not None:
            raise ValidationError(refusal)
        return data


class CapacityListForm(forms.ModelForm):
    """The capacity in the list: not editable once a meetup is over; lowering it below
    the seats taken is done on the meetup's own page, which asks first."""

    class Meta:
        model = MeetupListing
        fields = ["capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_past:
            self.fields["capacity"].disabled = True

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise ValidationError("Capacity must be at least 1.")
        if self.instance.pk and capacity < min(self.instance.capacity, self.instance.going_count):
            raise ValidationError(
                f"{self.instance.going_count} people have seats: lower it on the meetup's page, which asks you to confirm."
            )
        return capacity

    def validate_unique(self):
        pass


@admin.register(MeetupListing)
class MeetupAdmin(InitialThatParses, admin.ModelAdmin):
    form = MeetupForm
    list_display = [
        "title", "starts", "capacity", "going", "waitlisted", "checked_in", "no_shows", "cancelled", "roster_link",
    ]
    list_editable = ["capacity"]
    list_filter = ["cancelled"]
    search_fields = ["title", "slug", "venue_name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    readonly_fields = ["going", "waitlisted", "checked_in", "roster_link"]

    def get_readonly_fields(self, request, obj=None):
        """A meetup that is over keeps the capacity it had: nothing to give out any more."""
        return [*self.readonly_fields, "capacity"] if obj is not None and obj.is_past else self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        main = ["slug", "title", "description", ("starts_at", "ends_at"), "venue_name", "venue_address", "venue_map_url",
                "capacity", ("rsvp_opens_at", "rsvp_closes_at")]
        if obj is None:
            return [(None, {"fields": main})]
        if not obj.is_past:
            main.insert(main.index("capacity") + 1, "confirm_lower_capacity")
        return [
            (None, {"fields": main}),
            ("Seats", {"fields": ["going", "waitlisted", "checked_in", "roster_link"]}),
            ("Cancel", {"fields": ["cancel_with_message"], "classes": ["collapse"]}),
        ]

    def get_changelist_form(self, request, **kwargs):
        return CapacityListForm

    @admin.display(description="Starts at", ordering="starts_at")
    def starts(self, obj):
        return obj.starts_at

    @admin.display(description="Going", ordering="going_count")
    def going(self, obj):
        return obj.going_count

    @admin.display(description="Waitlist", ordering="waitlist_count")
    def waitlisted(self, obj):
        return obj.waitlist_count

    @admin.display(description="Checked in", ordering="attended_count")
    def checked_in(self, obj):
        return obj.attended_count

    @admin.display(description="No-shows")
    def no_shows(self, obj):
        """Going but not checked in, once the meetup is over."""
        if obj.no_show_rate is None:
            return "-"
        return f"{obj.no_show_count} ({obj.no_show_rate:.0%})"

    @admin.display(description="Roster")
    def roster_link(self, obj):
        if not obj or not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">Roster, check-in</a> · <a href="{}">CSV</a> · <a href="{}">History</a>',
            reverse("meetup-roster", args=[obj.slug]),
            reverse("meetup-roster-csv", args=[obj.slug]),
            reverse("meetup-history", args=[obj.slug]),
        )

    def has_delete_permission(self, request, obj=None):
        return False  # meetups are cancelled, never deleted: the log keeps them

    def save_model(self, request, obj, form, change):
        by = str(member_stream(request.user.pk))
        now = timezone.now()
        if not change:
            schedule_meetup(slug=form.cleaned_data["slug"], plan=form.plan(), by=by, now=now)
            obj.pk = obj.stream_id = meetup_stream(form.cleaned_data["slug"])
        elif isinstance(form, CapacityListForm):
            plan = MeetupPlan(**{name: getattr(MeetupListing.objects.get(pk=obj.pk), name) for name in PLAN_FIELDS})
            revise_meetup(slug=obj.slug, plan=MeetupPlan(**{**plan.__dict__, "capacity": form.cleaned_data["capacity"]}), by=by, now=now)
        elif form.cleaned_data.get("cancel_with_message", "").strip():
            cancel_meetup(slug=obj.slug, message=form.cleaned_data["cancel_with_message"], by=by)
        else:
            revise_meetup(slug=obj.slug, plan=form.plan(), by=by, now=now)

    def save_related(self, request, form, formsets, change):
        pass

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusal_as_message(request, lambda: super(MeetupAdmin, self).changeform_view(
            request, object_id, form_url, extra_context
        ))

    def history_view(self, request, object_id, extra_context=None):
        """The admin's History button: the meetup's history read from its log (who did
        what, before and after), not Django's own change log, which misses every command."""
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return HttpResponseRedirect(reverse("meetup-history", args=[obj.slug]))

    def changelist_view(self, request, extra_context=None):
        return self._refusal_as_message(request, lambda: super(MeetupAdmin, self).changelist_view(request, extra_context))

    def _refusal_as_message(self, request, view):
        """A command refused after the form was valid (another organiser changed the
        meetup in between): the page again, with the reason."""
        response, refusal = attempt(view)
        if refusal is None:
            return response
        self.message_user(request, refusal, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
