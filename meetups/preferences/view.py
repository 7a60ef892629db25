"""/members/me/mail/: which meetup mail I get (and my personal calendar's address);
/mail/unsubscribe/<token>/: a mail's unsubscribe link, without logging in;
/calendar/<token>.ics: my personal calendar feed (the meetups I RSVPed to)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from meetups.listing.calendar import to_ical
from meetups.listing.projection import MeetupListing
from meetups.preferences.command import (
    reset_calendar_address,
    set_mail_preferences,
    unsubscribe,
)
from meetups.preferences.links import (
    calendar_token,
    read_calendar_token,
    read_unsubscribe_token,
)
from meetups.preferences.preferences import KINDS
from meetups.preferences.projection import MemberPreferences, calendar_generation
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from membership.read_models import member_stream


class PreferencesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        for kind, (label, _) in KINDS.items():
            self.fields[kind] = forms.BooleanField(label=label, required=False)


def _current(member_id) -> dict[str, bool]:
    row = MemberPreferences.objects.filter(member_id=member_id).first()
    return {kind: getattr(row, kind) if row else default for kind, (_, default) in KINDS.items()}


@login_required
@require_http_methods(["GET", "POST"])
def mail_preferences(request: HttpRequest) -> HttpResponse:
    member_id = member_stream(request.user.pk)
    if request.method == "POST" and "reset_calendar" in request.POST:
        reset_calendar_address(member_id=member_id, by=member_id)
        messages.success(request, "Your calendar has a new address; the old one no longer works.")
        return redirect("mail-preferences")
    form = PreferencesForm(request.POST or None, initial=_current(member_id))
    if request.method == "POST" and form.is_valid():
        set_mail_preferences(member_id=member_id, wanted={k: form.cleaned_data[k] for k in KINDS}, by=member_id)
        messages.success(request, "Your mail preferences are saved.")
        return redirect("mail-preferences")
    row = MemberPreferences.objects.filter(member_id=member_id).first()
    feed = settings.SITE_URL + reverse("personal-calendar", args=[calendar_token(member_id, row.calendar_generation if row else 0)])
    return render(request, "meetups/preferences/preferences.html", {
        "form": form, "feed_url": feed, "webcal_url": "webcal://" + feed.split("://", 1)[1],
    })


@csrf_exempt  # a mail client's one-click POST (RFC 8058) has no CSRF token; the signed link is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link checkers that follow links must not unsubscribe anyone);
    POST, from that button or a mail client's "Unsubscribe", unsubscribes at once."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "meetups/preferences/unsubscribe.html", {"invalid": True}, status=400)
    member_id, kind = found
    context = {"kind_label": KINDS[kind][0], "done": False}
    if request.method == "POST":
        unsubscribe(member_id=member_id, kind=kind)
        context["done"] = True
    return render(request, "meetups/preferences/unsubscribe.html", context)


def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The meetups I am going to or waitlisted for, not ended a month ago, each with my
    state first in its summary ("Going: ...", "Waitlist #3: ..."); an RSVP I cancelled
    leaves the feed, a cancelled meetup stays as STATUS:CANCELLED. 404 for an address
    that was reset (or never made here)."""
    found = read_calendar_token(token)
    if found is None or found[1] != calendar_generation(found[0]):
        raise Http404("No such calendar.")
    entries = RosterEntry.objects.filter(member_id=found[0], status__in=[GOING, WAITLISTED])
    prefixes = {
        entry.meetup_id: "Going: " if entry.status == GOING else f"Waitlist #{entry.waitlist_position}: " for entry in entries
    }
    meetups = MeetupListing.objects.filter(stream_id__in=list(prefixes)).order_by("starts_at")
    body = to_ical(meetups, base_url=settings.SITE_URL, name="My meetups", prefixes=prefixes)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-meetups.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
