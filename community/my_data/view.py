"""/members/me/export/: my data as a JSON download (export.py says what is in it)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from community.my_data.export import as_json, export_member
from membership.read_models import Member


@login_required
@require_GET
def export_my_data(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(user_id=request.user.pk).first()
    if member is None:
        raise Http404("No member profile for this account.")
    addresses = [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=request.user).order_by("pk")
    ]
    response = HttpResponse(as_json(export_member(member, addresses)), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="convene-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response
