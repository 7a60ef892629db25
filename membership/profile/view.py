from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from community.eventstore.errors import CommandRefused
from membership.members.projection import Member
from membership.profile.command import update_profile
from membership.profile.forms import ProfileForm

TEMPLATE = "membership/profile.html"


def _me(request: HttpRequest) -> Member:
    try:
        return Member.objects.get(user_id=request.user.pk)
    except Member.DoesNotExist:
        raise Http404("No member profile for this account.") from None


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    return render(request, TEMPLATE, {"member": member, "own": True, "history": rsvp_history(member.member_id)})


def rsvp_history(member_id) -> list:
    """The member's RSVPs, newest meetup first, with what became of them."""
    from community.meetups.listing.projection import MeetupListing
    from community.meetups.roster.projection import RosterEntry

    entries = list(RosterEntry.objects.filter(member_id=member_id))
    meetups = MeetupListing.objects.in_bulk([x.meetup_id for x in entries])
    history = []
    for entry in entries:
        meetup = meetups.get(entry.meetup_id)
        if meetup is None:
            continue
        if meetup.cancelled:
            outcome = "meetup cancelled"
        elif entry.status == "going" and meetup.is_past:
            outcome = "attended" if entry.attended else "no-show"
        elif entry.status == "waitlisted":
            outcome = f"waitlisted #{entry.waitlist_position}"
        else:
            outcome = entry.get_status_display().lower()
        history.append({"meetup": meetup, "outcome": outcome})
    return sorted(history, key=lambda h: h["meetup"].starts_at, reverse=True)


@login_required
@require_http_methods(["GET", "POST"])
def edit_my_profile(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                changed = update_profile(user_id=request.user.pk, command=form.command())
            except CommandRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, "Profile saved." if changed else "Nothing to change.")
                return redirect("my-profile")
    else:
        form = ProfileForm(
            initial={"display_name": member.display_name, "bio": member.bio, "links": "\n".join(member.links)}
        )
    return render(request, "membership/profile_edit.html", {"member": member, "form": form})


def member_profile(request: HttpRequest, member_id) -> HttpResponse:
    try:
        member = Member.objects.get(member_id=member_id)
    except Member.DoesNotExist:
        raise Http404("No such member.") from None
    return render(request, TEMPLATE, {"member": member, "own": request.user.is_authenticated and member.user_id == request.user.pk})
