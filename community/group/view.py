"""/about/ (the group, for everyone) and /organisers/group/ (organisers edit it)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from community.group.command import describe_group, list_sponsors
from community.group.forms import GroupForm, initial_from
from community.group.read_models import group_profile
from membership.access import organiser_only
from membership.read_models import Member
from web.refusals import attempt


def about(request: HttpRequest) -> HttpResponse:
    organisers = Member.objects.filter(is_organiser=True).order_by("display_name")
    return render(request, "community/group/about.html", {"organisers": organisers})


@organiser_only
@require_http_methods(["GET", "POST"])
def edit_group(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = GroupForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            sponsors = data.pop("sponsors")
            by = str(request.user.pk)

            def both():
                with transaction.atomic():
                    return describe_group(by=by, **data) + list_sponsors(sponsors=sponsors, by=by)

            recorded, refusal = attempt(both)
            if refusal is None:
                messages.success(request, "Saved: the pages show it now." if recorded else "Nothing to change.")
                return redirect("about")
            form.add_error(None, refusal)
    else:
        form = GroupForm(initial=initial_from(group_profile()))
    return render(request, "community/group/edit.html", {"form": form})
