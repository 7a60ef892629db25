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
    return render(request, TEMPLATE, {"member": member, "own": True})


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
