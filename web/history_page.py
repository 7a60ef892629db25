"""One history page for any stream (a meetup's, a proposal's, a member's): the entries,
newest first, a page at a time."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eventstore.history import Entry

PER_PAGE = 100


def history_page(
    request: HttpRequest, *, heading: str, entries: list[Entry], back_url: str = "",
    template: str = "history/page.html", extra: dict | None = None, status: int = 200,
) -> HttpResponse:
    """A page number that is not one (text, 0, huge) shows the nearest page, never a 500."""
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"heading": heading, "page": page, "back_url": back_url, "query": (query.urlencode() + "&") if query else ""}
    return render(request, template, context | (extra or {}), status=status)
