"""/members/me/visibility/ (POST): show or hide my public profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from membership.visibility.command import hide_profile, show_profile
from web.refusals import redirect_with_message, respond


@login_required
@require_POST
def change_visibility(request: HttpRequest) -> HttpResponse:
    show = request.POST.get("show")
    if show not in ("yes", "no"):
        return HttpResponseBadRequest("Say show=yes or show=no.")
    answer = redirect_with_message(request, "my-profile")
    if show == "yes":
        return respond(
            lambda: show_profile(user_id=request.user.pk), answer=answer,
            done=lambda changed: "Your profile is public now." if changed else "",
        )
    return respond(
        lambda: hide_profile(user_id=request.user.pk), answer=answer,
        done=lambda changed: "Your profile is private now." if changed else "",
    )
