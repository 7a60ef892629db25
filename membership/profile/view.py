"""Editing my profile (/members/me/edit/) and a member's public profile
(/members/<public id>/: only for members who chose to show one; the id is random). My own profile page, with my meetups, is the site's
(community/my_profile)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from membership.members.projection import Member
from membership.profile.command import update_profile
from membership.profile.forms import ProfileForm
from web.markdown import render_markdown
from web.refusals import attempt


def _me(request: HttpRequest) -> Member:
    try:
        return Member.objects.get(user_id=request.user.pk)
    except Member.DoesNotExist:
        raise Http404("No member profile for this account.") from None


@login_required
@require_http_methods(["GET", "POST"])
def edit_my_profile(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            changed, refusal = attempt(lambda: update_profile(user_id=request.user.pk, command=form.command()))
            if refusal is None:
                messages.success(request, "Profile saved." if changed else "Nothing to change.")
                return redirect("my-profile")
            form.add_error(None, refusal)
    else:
        form = ProfileForm(
            initial={"display_name": member.display_name, "bio": member.bio, "links": "\n".join(member.links)}
        )
    return render(request, "membership/profile/edit.html", {"member": member, "form": form})


def member_profile(request: HttpRequest, public_id) -> HttpResponse:
    try:
        member = Member.objects.get(public_id=public_id, is_public=True, erased=False)
    except Member.DoesNotExist:
        raise Http404("No such member.") from None
    own = request.user.is_authenticated and member.user_id == request.user.pk
    member.bio_html = render_markdown(member.bio)
    return render(request, "membership/profile/profile.html", {"member": member, "own": own})
