"""/members/me/delete/: erasing my data, after a confirmation page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from membership.erasure.command import erase_member
from membership.members.projection import Member
from web import idempotency
from web.refusals import attempt


class ConfirmErasure(forms.Form):
    confirm = forms.BooleanField(
        required=True, label="I understand: my account and my personal data are erased, and this cannot be undone.",
        error_messages={"required": "Please tick the box to confirm."},
    )
    keep_name_on_talks = forms.BooleanField(
        required=False, label="Keep my name on the talks I gave (the archive shows “Former member” otherwise).",
    )


@idempotency.exempt  # erasure rebuilds and compacts after its commit; erased already is its answer
@login_required
@require_http_methods(["GET", "POST"])
def delete_me(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(user_id=request.user.pk).first()
    form = ConfirmErasure(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user_id = request.user.pk
        _, refusal = attempt(
            lambda: erase_member(
                user_id=user_id, by="member", keep_name_on_talks=form.cleaned_data["keep_name_on_talks"]
            )
        )
        if refusal is None:
            logout(request)
            messages.success(request, "Your account and your personal data are erased. Goodbye, and thank you.")
            return redirect("home")
        form.add_error(None, refusal)
    return render(request, "membership/erasure/confirm.html", {"form": form, "member": member})
