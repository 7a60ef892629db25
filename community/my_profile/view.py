"""/members/me/: my profile (membership) with my meetups (meetups' RSVP history)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.history.history import rsvp_history, split_history
from membership.read_models import Member
from web.markdown import render_markdown


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    try:
        member = Member.objects.get(user_id=request.user.pk)
    except Member.DoesNotExist:
        raise Http404("No member profile for this account.") from None
    upcoming, past = split_history(rsvp_history(member.member_id))
    member.bio_html = render_markdown(member.bio)
    return render(request, "community/my_profile/page.html", {
        "member": member, "upcoming": upcoming, "past": past, "history_parts": [("Coming up", upcoming), ("Past", past)],
    })
