"""/archive/: past talks with their resources, newest first; filters (year, tag, level,
resource kind), pagination, and full-text search (?q=) with highlighted snippets.

The page streams: the shell (header, search form, filters) is sent first, then the
results in chunks as they are rendered, then the pagination. With htmx (live search),
only the results part is sent, streamed the same way; a history restore (htmx lost its
cached copy of a URL it pushed) gets the whole page. Without JavaScript the form is a
plain GET form."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from talks.archive import search
from talks.archive.projection import ArchiveEntry
from talks.proposal import KINDS, LEVELS, TAG_RE
from talks.read_models import next_change
from web.htmx import wants_fragment
from web.prepared import app_tag, by_kind, prepared

PAGE_SIZE = 30
CHUNK = 10
TAGS_UNGROUPED = 20  # up to this many tags, one plain list
MAX_EXCLUDED = 5_000  # talks an exclusion can leave out: more than a user group's archive holds
TEMPLATE = "talks/archive/archive.html"
RESULTS_MARK = "<!--results-->"


def read_filters(request: HttpRequest) -> search.Filters:
    """Unknown or malformed filter values are ignored, never an error."""
    get = request.GET
    year = get.get("year", "")
    tag = get.get("tag", "").strip().lower()
    return search.Filters(
        year=int(year) if re.fullmatch(r"(19|20)\d\d", year) else None,
        tag=tag if len(tag) <= 30 and TAG_RE.match(tag) else "",
        level=get.get("level", "") if get.get("level", "") in LEVELS else "",
        kind=get.get("kind", "") if get.get("kind", "") in KINDS else "",
    )


def page_number(request: HttpRequest) -> int:
    """?page= is up to six ASCII digits (0 is page 1; past 10,000 is page 10,000, an empty
    page that says so). Anything else is no page of the archive: 404, as Django's
    paginator answers a page that is not a number. Absent or empty: page 1.
    (`str.isdigit()` would take "²", which int() refuses: that was a 500.)"""
    raw = request.GET.get("page", "")
    if not raw:
        return 1
    if not re.fullmatch(r"[0-9]{1,6}", raw):
        raise Http404("That is not a page number.")
    return max(1, min(int(raw), 10_000))


def listed_now(now=None, **lookups):
    """Listed talks whose time has passed (and `lookups`). `listed` is written as
    NOT (listed = false): SQLite has no statistics (the app never runs ANALYZE), so given
    `listed = true` it reads every row through the listed index and sorts them all,
    where the starts_at index gives the newest rows in order
    (docs/decisions/0008-two-search-backends.md). PostgreSQL plans both alike."""
    return ArchiveEntry.objects.filter(~Q(listed=False), starts_at__lt=now or timezone.now(), **lookups)


def facets() -> dict:
    """Years and tags in one pass over the listed rows, not two DISTINCT queries that
    read them twice (docs/decisions/0008-two-search-backends.md)."""
    years, tags = set(), set()
    for year, tags_text in listed_now().values_list("year", "tags_text"):
        if year:
            years.add(year)
        tags.update(tags_text.split())
    groups: dict[str, list[str]] = {}
    for tag in sorted(tags):
        groups.setdefault(tag[:1].upper() if tag[:1].isalpha() else "#", []).append(tag)
    return {
        "years": sorted(years, reverse=True), "tags": sorted(tags), "levels": LEVELS, "kinds": KINDS,
        # Many tags: grouped by first letter in the select (<optgroup>), which browsers let you jump through.
        "tag_groups": list(groups.items()) if len(tags) > TAGS_UNGROUPED else [],
    }


def find(query: str, filters: search.Filters, page: int) -> tuple[list[ArchiveEntry], int]:
    """The page of results and the total count. A query of exclusions only ("-testing")
    lists the talks without those words: what the exclusions match is found by the
    search, then left out of the plain listing (full-text engines cannot start from NOT)."""
    offset = (page - 1) * PAGE_SIZE
    terms = search.parse(query)
    excluded: list = []
    if terms and all(term.negated for term in terms):
        where, params = filters.sql(timezone.now(), connection)
        matching = " or ".join(f'"{term.text}"' for term in terms)
        hits, _ = search.backend(connection.alias).search(matching, where, params, MAX_EXCLUDED, 0)
        excluded = [hit.talk_id for hit in hits]
        terms = []
    if terms:
        where, params = filters.sql(timezone.now(), connection)
        hits, total = search.backend(connection.alias).search(query, where, params, PAGE_SIZE, offset)
        rows = ArchiveEntry.objects.in_bulk([h.talk_id for h in hits])
        entries = []
        for hit in hits:
            entry = rows.get(hit.talk_id)
            if entry is not None:
                entry.snippet = hit.snippet
                entries.append(entry)
        return entries, total
    now = timezone.now()
    lookups = filters.lookups(now)
    del lookups["listed"], lookups["starts_at__lt"]
    rows = listed_now(now, **lookups)
    if excluded:
        rows = rows.exclude(talk_id__in=excluded)
    newest = rows.order_by("-starts_at")[offset : offset + PAGE_SIZE]
    if connection.vendor == "sqlite":
        # Sort keys, not whole rows: when another index (level, year) drives the scan,
        # SQLite sorts every matching row with all its columns before taking the page.
        keys = list(newest.values_list("pk", flat=True))
        found = ArchiveEntry.objects.in_bulk(keys)
        return [found[k] for k in keys if k in found], rows.count()
    return list(newest), rows.count()


def did_you_mean(query: str) -> str:
    """For a query that found nothing: the same query with each unknown word replaced by
    the closest word of the listed talks' titles and tags ("" when none is close). One
    query, only on an empty result."""
    vocabulary = set()
    for title, tags_text in listed_now().values_list("title", "tags_text"):
        vocabulary.update(w.lower() for w in re.findall(r"[^\W\d_][\w-]+", f"{title} {tags_text}"))
    changed, words = False, []
    for term in search.parse(query):
        fixed = []
        for word in term.text.split():
            close = [] if word in vocabulary else difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            fixed.append(close[0] if close else word)
            changed |= bool(close)
        text = " ".join(fixed)
        words.append(("or " if term.or_with_previous else "") + ("-" if term.negated else "") + (f'"{text}"' if " " in text else text))
    return " ".join(words) if changed else ""


def depends_on(**kwargs) -> list[str]:
    """The talks (the archive), their meetups, the speakers' names, the group."""
    return [app_tag("talks"), app_tag("meetups"), app_tag("membership"), app_tag("community")]


# The first page and the facets are prepared; a search (?q=) renders fresh.
@prepared(tags=depends_on, expires=next_change, variant=by_kind, query=("year", "tag", "level", "kind", "page"))
def archive(request: HttpRequest) -> StreamingHttpResponse:
    """A query of operators only ("*", "(", '""') is no query: the archive as without one.
    A page past the last answers 404 (page 1 streams at once; a later page is counted
    before the response starts, so it can still say 404)."""
    query = request.GET.get("q", "").replace("\x00", "")[:search.MAX_QUERY]
    if not search.parse(query):
        query = ""
    filters = read_filters(request)
    page = page_number(request)
    state = {"q": query, "year": filters.year or "", "tag": filters.tag, "level": filters.level, "kind": filters.kind}
    active = {k: v for k, v in state.items() if v}
    context = {"query": query, "filters": filters, "state": state, "has_filters": any(v for k, v in active.items() if k != "q")}
    found = find(query, filters, page) if page > 1 else None
    if found is not None and not found[0]:
        raise Http404("There is no such page of the archive.")

    def results() -> Iterator[str]:
        entries, total = found or find(query, filters, page)
        yield render_to_string(TEMPLATE + "#results-head", context | {"total": total, "page": page}, request)
        for start in range(0, len(entries), CHUNK):
            yield render_to_string(TEMPLATE + "#result-items", context | {"entries": entries[start : start + CHUNK]}, request)
        pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
        links = {
            "previous": f"?{urlencode(active | {'page': page - 1})}" if page > 1 else "",
            "next": f"?{urlencode(active | {'page': page + 1})}" if page < pages else "",
        }
        suggestion = did_you_mean(query) if not entries and query else ""
        suggestion_url = f"?{urlencode(active | {'q': suggestion})}" if suggestion else ""
        yield render_to_string(
            TEMPLATE + "#results-foot",
            context | {"total": total, "page": page, "pages": pages, "links": links, "empty": not entries,
                       "suggestion": suggestion, "suggestion_url": suggestion_url},
            request,
        )

    def whole_page() -> Iterator[str]:
        shell = render_to_string(TEMPLATE, context | facets(), request)
        before, after = shell.split(RESULTS_MARK, 1)
        yield before
        yield from results()
        yield after

    response = StreamingHttpResponse(results() if wants_fragment(request) else whole_page(), content_type="text/html; charset=utf-8")
    response["Vary"] = "HX-Request, HX-History-Restore-Request"
    return response
