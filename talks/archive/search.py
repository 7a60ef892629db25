"""Full-text search over the archive, one interface on two databases:

- PostgreSQL: a stored tsvector (title A; speakers and tags B; abstract and resource
  titles C) with a GIN index, written by the projector, queried with
  `websearch_to_tsquery('english', ...)`, ranked with `ts_rank_cd`, snippets from
  `ts_headline`;
- SQLite: an FTS5 table (porter stemming) written by the projector, queried with a
  MATCH expression built from the same query syntax, ranked with bm25 (the same column
  weights), snippets from `snippet()`.

The query syntax is the web-search one on both: words (all must match, stemmed so
"testing" finds "tests"), "quoted phrases", `or`, and -excluded words. Anything else
(operators, stray quotes, NUL bytes, very long input) is reduced to that, never an error.
Snippets mark matches with <mark>; the text around them is escaped.

Why two backends, how the queries are written, and what was measured:
docs/decisions/0008-two-search-backends.md.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import connections
from django.utils.html import escape

MAX_QUERY = 200  # characters of a query that are used
MAX_TERMS = 12
START, STOP = "\x02", "\x03"  # match markers, turned into <mark> after escaping
FTS_TABLE = "talks_archive_fts"
TABLE = "talks_archiveentry"


@dataclass(frozen=True)
class Term:
    text: str  # one word, or a phrase of words
    negated: bool = False
    or_with_previous: bool = False


def parse(query: str) -> list[Term]:
    """Web-search syntax, forgiving: returns the terms it understood."""
    query = query.replace("\x00", " ")[:MAX_QUERY]
    terms: list[Term] = []
    pending_or = False
    for match in re.finditer(r'(-?)"([^"]*)"|(\S+)', query):
        negated, phrase, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare is not None:
            if bare.lower() == "or" and terms:
                pending_or = True
                continue
            negated = bare.startswith("-")
            phrase = bare
        words = re.findall(r"\w+", phrase or "")
        if not words:
            continue
        terms.append(Term(" ".join(words).lower(), negated, pending_or and not negated))
        pending_or = False
        if len(terms) >= MAX_TERMS:
            break
    return terms


def clean_query(query: str) -> str:
    """The query as it is passed to PostgreSQL: same terms, nothing it could choke on."""
    parts = []
    for term in parse(query):
        text = f'"{term.text}"' if " " in term.text else term.text
        parts.append(("or " if term.or_with_previous else "") + ("-" if term.negated else "") + text)
    return " ".join(parts)


def fts5_match(query: str) -> str:
    """The same terms as an FTS5 MATCH expression ("" if nothing is searchable)."""
    positive: list[str] = []
    negative: list[str] = []
    for term in parse(query):
        quoted = '"' + term.text + '"'
        if term.negated:
            negative.append(quoted)
        elif term.or_with_previous and positive:
            positive[-1] = f"({positive[-1]} OR {quoted})"
        else:
            positive.append(quoted)
    if not positive:
        return ""
    expression = " AND ".join(positive)
    for quoted in negative:
        expression = f"({expression}) NOT {quoted}"
    return expression


def mark(snippet: str) -> str:
    """Escape the snippet's text and turn the match markers into <mark>."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")


@dataclass(frozen=True)
class Hit:
    talk_id: UUID
    snippet: str  # safe HTML


class SearchBackend(ABC):
    def __init__(self, using: str):
        self.using = using
        self.connection = connections[using]

    @abstractmethod
    def index(self, talk_ids: list[UUID]) -> None:
        """Bring the search documents of these talks up to date with their rows."""

    @abstractmethod
    def clear(self) -> None:
        """Forget every search document (the projection is being rebuilt)."""

    @abstractmethod
    def search(self, query: str, where: str, params: list, limit: int, offset: int) -> tuple[list[Hit], int]:
        """Ranked hits for one page, and the total number of matches."""


class PostgresSearch(SearchBackend):
    DOCUMENT = (
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(speakers_text, '') || ' ' || coalesce(tags_text, '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(abstract, '') || ' ' || coalesce(resource_titles, '')), 'C')"
    )

    def index(self, talk_ids: list[UUID]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET search = {self.DOCUMENT} WHERE talk_id = ANY(%s::uuid[])", [list(talk_ids)])

    def clear(self) -> None:
        """The document lives in the archive rows themselves: wiping them clears it."""

    def search(self, query: str, where: str, params: list, limit: int, offset: int) -> tuple[list[Hit], int]:
        q = clean_query(query)
        if not q:
            return [], 0
        base = f"FROM {TABLE} e, websearch_to_tsquery('english', %s) q WHERE e.search @@ q AND {where}"
        # One pass over the matches gives the page and the total (count(*) OVER ()): a
        # separate count(*) would scan them a second time. ts_headline runs on the page's
        # rows only (PostgreSQL evaluates it above the sort and the limit).
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.talk_id, ts_headline('english', e.title || ' — ' || e.abstract || ' ' || e.resource_titles, q, "
                f"'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, HighlightAll=false'), count(*) OVER () "
                f"{base} ORDER BY ts_rank_cd(e.search, q) DESC, e.starts_at DESC LIMIT %s OFFSET %s",
                [q, *params, limit, offset],
            )
            rows = cursor.fetchall()
            if rows:
                total = rows[0][2]
            elif offset:  # past the last page: the total still has to be counted
                cursor.execute(f"SELECT count(*) {base}", [q, *params])
                total = cursor.fetchone()[0]
            else:
                total = 0
        return [Hit(row[0], mark(row[1])) for row in rows], total


class SqliteSearch(SearchBackend):
    def index(self, talk_ids: list[UUID]) -> None:
        keys = [UUID(str(t)).hex for t in talk_ids]
        with self.connection.cursor() as cursor:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE talk_id IN ({marks})", chunk)
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE} (talk_id, title, people, body) "
                    f"SELECT talk_id, title, speakers_text || ' ' || tags_text, abstract || ' ' || resource_titles "
                    f"FROM {TABLE} WHERE talk_id IN ({marks})",
                    chunk,
                )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    def search(self, query: str, where: str, params: list, limit: int, offset: int) -> tuple[list[Hit], int]:
        match = fts5_match(query)
        if not match:
            return [], 0
        # bm25 weights by column: talk_id (unindexed), title, speakers and tags, body.
        base = f"FROM {FTS_TABLE} f JOIN {TABLE} e ON e.talk_id = f.talk_id WHERE {FTS_TABLE} MATCH %s AND {where}"
        with self.connection.cursor() as cursor:
            # One pass over the matches gives the page and the total: a separate count(*)
            # would read every match's document and join it to its row a second time. (FTS5
            # refuses bm25() next to a window function, hence the subquery.)
            cursor.execute(
                f"SELECT fts_rowid, talk_id, count(*) OVER () FROM ("
                f"SELECT f.rowid AS fts_rowid, e.talk_id AS talk_id, bm25({FTS_TABLE}, 0.0, 10.0, 5.0, 1.0) AS score, "
                f"e.starts_at AS starts_at {base}) ORDER BY score, starts_at DESC LIMIT %s OFFSET %s",
                [match, *params, limit, offset],
            )
            page = cursor.fetchall()
            if page:
                total = page[0][2]
            elif offset:  # past the last page: the total still has to be counted
                cursor.execute(f"SELECT count(*) {base}", [match, *params])
                total = cursor.fetchone()[0]
            else:
                total = 0
            # Snippets for the page's documents only, found by FTS rowid.
            snippets = {}
            if page:
                marks = ",".join(["%s"] * len(page))
                cursor.execute(
                    f"SELECT rowid, snippet({FTS_TABLE}, 3, char(2), char(3), '…', 24), "
                    f"snippet({FTS_TABLE}, 1, char(2), char(3), '…', 24) "
                    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
                    [match, *(row[0] for row in page)],
                )
                snippets = {rowid: (body, title) for rowid, body, title in cursor.fetchall()}
        hits = []
        for fts_rowid, talk_id, _ in page:
            body, title = snippets.get(fts_rowid, ("", ""))
            snippet = body if START in body or START not in title else f"{title} — {body}"
            hits.append(Hit(UUID(talk_id) if isinstance(talk_id, str) else talk_id, mark(snippet)))
        return hits, total


def backend(using: str) -> PostgresSearch | SqliteSearch:
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return PostgresSearch(using)
    if vendor == "sqlite":
        return SqliteSearch(using)
    raise RuntimeError(f"No archive search for {vendor}")


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    tag: str = ""
    level: str = ""
    kind: str = ""

    def lookups(self, now: datetime) -> dict:
        """The same conditions as ORM lookups on ArchiveEntry."""
        found = {"listed": True, "starts_at__lt": now}
        if self.year:
            found["year"] = self.year
        if self.tag:
            found["tags_text__contains"] = f" {self.tag} "
        if self.level:
            found["level"] = self.level
        if self.kind:
            found["resource_kinds__contains"] = f" {self.kind} "
        return found

    def sql(self, now: datetime, connection) -> tuple[str, list]:
        """The archive's WHERE clause for listed past talks with these filters."""
        clauses = ["e.listed = %s", "e.starts_at < %s"]
        params: list = [True, connection.ops.adapt_datetimefield_value(now)]
        if self.year:
            clauses.append("e.year = %s")
            params.append(self.year)
        if self.tag:
            clauses.append("e.tags_text LIKE %s")
            params.append(f"% {self.tag} %")
        if self.level:
            clauses.append("e.level = %s")
            params.append(self.level)
        if self.kind:
            clauses.append("e.resource_kinds LIKE %s")
            params.append(f"% {self.kind} %")
        return " AND ".join(clauses), params
