"""/talks/mine/: my proposals with what happened to them, and my invitations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from talks.mine.cards import TEMPLATE, page_context


@login_required
def my_talks(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE, page_context(request))
