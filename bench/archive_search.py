"""Archive search at 10,000 talks (issue 5), on SQLite and PostgreSQL.

    .venv/bin/python bench/archive_search.py               # SQLite and PostgreSQL
    .venv/bin/python bench/archive_search.py --db sqlite --scale 0.2

On a fresh migrated database:

1. Generate the corpus as events: 500 members (MemberJoined), 200 past meetups of 14 hours
   (x scale), 50 talks each (10,000) plus 5% declined proposals, 3 resources a talk
   (30,000) and 1-4 tags. Each event comes from the pure decision the command uses
   (decide_schedule, decide_submit, decide_decision, decide_confirm,
   decide_schedule_talk, decide_tag, decide_attach: the same validation, agendas
   included), folded from the stream's history kept in memory, stamped and appended
   with event_store().append_stamped(..., project=False) in 5,000-event transactions
   (the commands one by one would cost ~8 transactions a talk).
   Titles, abstracts, resources and tags are drawn (Zipf-like) from a few hundred
   Python/programming words and phrases, so queries hit none, a few or thousands.
2. rebuild() the members, meetups, proposals and archive projections (the archive
   projector writes the search index: tsvector + GIN / FTS5). Timed. On PostgreSQL
   the archive tables are then VACUUM ANALYZEd (what autovacuum does after a bulk load).
3. Search latency: 225 queries in 8 kinds (one word, two words, "phrases", -exclusions,
   or, with filters (level, year, tag, kind), filters alone, no match), each through
   talks.archive.view.find(query, filters, page=1) (backend(using).search + the page's
   rows, as the view does) and through the baseline: the plain Django search,
   ArchiveEntry.objects.filter(listed, starts_at < now, filters) with, per term,
   Q(title__icontains) | Q(abstract__icontains) | Q(speakers_text__icontains) |
   Q(tags_text__icontains) | Q(resource_titles__icontains) (.exclude() for -terms),
   ordered by -starts_at, the first 30 rows + count(). One warm-up pass, then 3 passes;
   within a pass the two alternate query by query; a query's latency is its median.
4. Time to first byte of /archive/ with django.test.Client in-process: the response
   streams (shell first, then results); time until the first chunk of streaming_content
   and until the last, for ~10 results (a rare word), ~10,000 (no query, every talk)
   and a common word (thousands of ranked matches); 2 warm-ups then 9 requests each,
   interleaved; medians.

Targets: search p95 <= 20 ms at 10,000 talks; time to first byte nearly flat (10,000
results within 1.5x of 10 results).
"""

from __future__ import annotations

# Imports inside functions: Django is configured only in the child process, once DATABASE_URL is set.

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    child_args,
    database_description,
    emit,
    fresh_database,
    load_average,
    median,
    print_results,
    run_per_database,
    stamp,
)

TARGET_P95_MS = 20.0
TARGET_TTFB_RATIO = 1.5
MEETUPS = 200
TALKS_PER_MEETUP = 50
RESOURCES_PER_TALK = 3
MEMBERS = 500
DECLINED_SHARE = 0.05
MEETUP_HOURS = 14
APPEND_BATCH = 5_000
PASSES = 3
TTFB_REPEAT = 9
SEED = 20261126

# -- vocabulary -------------------------------------------------------------------------------
TOPICS = """type hints|async io|web scraping|data pipelines|packaging|testing|property-based testing|
dependency injection|memory management|garbage collection|pattern matching|dataclasses|decorators|generators|
context managers|metaclasses|descriptors|concurrency|multiprocessing|threading|event loops|structured concurrency|
microservices|REST APIs|GraphQL|websockets|caching|databases|ORMs|schema migrations|query optimisation|
full-text search|logging|observability|distributed tracing|profiling|benchmarks|performance|security|
authentication|cryptography|machine learning|deep learning|neural networks|natural language processing|
computer vision|data visualisation|dashboards|notebooks|reproducible research|scientific computing|
numerical methods|time series|geospatial data|embedded systems|microcontrollers|robotics|game development|
command-line tools|desktop applications|accessibility|internationalisation|documentation|code review|
refactoring|legacy code|static analysis|linting|code formatting|continuous integration|deployment|containers|
serverless functions|infrastructure as code|monitoring|open source maintenance|community building|mentoring|
career growth|teaching programming|mocking|fixtures|fuzzing|type checking|compilers|interpreters|bytecode|
the GIL|free threading|subinterpreters|C extensions|Rust extensions|WebAssembly|virtual environments|
dependency management|monorepos|API design|event sourcing|domain-driven design|functional programming|
object-oriented design|design patterns|clean architecture|state machines|parsers|regular expressions|unicode|
time zones|decimal arithmetic|spreadsheets|automation|web frameworks|template engines|frontend development|
data engineering|stream processing|message queues|task queues|job scheduling|search engines|
recommendation systems|chatbots|large language models|embeddings|vector databases|data validation|
serialisation|configuration management|feature flags|statistics|Bayesian inference|mathematical optimisation|
simulation|bioinformatics|astronomy|quantitative finance|healthcare data|music generation|generative art|
hardware hacking|home automation|energy monitoring|climate data|open data|civic tech|privacy|
load testing|chaos engineering|incident response|technical debt|pair programming|remote teams""".replace("\n", "")

LIBRARIES = """pytest|Hypothesis|Django|Flask|FastAPI|SQLAlchemy|pandas|NumPy|SciPy|Polars|Dask|Ray|Jupyter|matplotlib|
Plotly|Bokeh|seaborn|scikit-learn|PyTorch|TensorFlow|JAX|spaCy|NLTK|OpenCV|Pillow|asyncio|Trio|AnyIO|Celery|
Dramatiq|Redis|PostgreSQL|SQLite|DuckDB|Kafka|RabbitMQ|Docker|Terraform|Ansible|mypy|Pyright|Ruff|Black|
pre-commit|tox|nox|Poetry|uv|pip|setuptools|Hatch|Cython|PyO3|maturin|Numba|MicroPython|CircuitPython|
Raspberry Pi|Arduino|Pygame|Textual|Rich|Click|Typer|Sphinx|MkDocs|Pydantic|attrs|marshmallow|HTTPX|Requests|
aiohttp|Starlette|Wagtail|htmx|GeoPandas|Shapely|xarray|Airflow|Prefect|Dagster|dbt|Streamlit|Gradio|
OpenTelemetry|Sentry|Prometheus|Grafana|Locust|Scrapy|Beautiful Soup|Playwright|Selenium|Nox|Coverage.py|
Sanic|Tornado|Twisted|gevent|uvloop|Cryptography|Paramiko|Fabric|Invoke|Kivy|BeeWare|PyScript|Pyodide""".replace("\n", "")

RARE = """bloom filters|skip lists|tries|rope data structures|CRDTs|Raft consensus|Lamport clocks|HyperLogLog|
memoization|trampolines|continuations|quaternions|Fourier transforms|wavelets|Kalman filters|Markov chains|
Monte Carlo|simulated annealing|genetic algorithms|cellular automata|L-systems|fractals|Voronoi diagrams|
Delaunay triangulation|quadtrees|R-trees|B-trees|LSM trees|write-ahead logs|MVCC|vector clocks|gossip protocols|
consistent hashing|rate limiting|backpressure|circuit breakers|idempotency keys|outbox pattern|sagas|
tombstones|compaction|zero-copy|memory-mapped files|ring buffers|lock-free queues|epoll|io_uring|
sourcemaps|bytecode caching|peephole optimiser|tail calls|weak references|finalizers|slots|
interning|small integer cache|hash randomisation|timsort|powersort|Unicode normalisation|grapheme clusters|
bidirectional text|leap seconds|ISO weeks|Julian dates|banker's rounding|double-entry bookkeeping|
Braille displays|screen readers|colour blindness|sign language|Esperanto|Klingon|haiku|sonnets|origami|
knitting patterns|sourdough|beekeeping|birdsong|tide tables|sundials|orreries|telescopes|seismographs""".replace("\n", "")

ADJECTIVES = ["Practical", "Pragmatic", "Modern", "Fearless", "Gentle", "Advanced", "Effective", "Painless",
              "Production-ready", "Hands-on", "Idiomatic", "Fast", "Reliable", "Boring", "Beautiful", "Testable"]
TITLE_TEMPLATES = [
    "{topic} with {lib}", "{adj} {topic}", "{topic} in practice", "From {lib} to {lib2}: {topic}",
    "What I learned about {topic}", "{lib} for {topic}", "Ten years of {topic}", "{topic}: the hard parts",
    "Building {topic} with {lib}", "A gentle introduction to {topic}", "Beyond {lib}: {topic}",
    "How we scaled {topic}", "{topic} without tears", "{adj} {lib}", "{topic} and {topic2}",
    "Lessons from {topic} in {domain}", "{lib} meets {lib2}", "Debugging {topic}", "{adj} {topic} with {lib}",
]
SENTENCES = [
    "We look at {topic} with {lib} and {lib2}.",
    "This talk shows how {topic} changed the way our team works.",
    "You will learn when to reach for {lib}, and when {topic} is the better answer.",
    "Expect live coding, a few failures and plenty of {topic}.",
    "We compare {lib} with {lib2} on a real {domain} project.",
    "Along the way we meet {rare} and {topic2}.",
    "No prior knowledge of {topic} is needed; some {lib} helps.",
    "The examples come from {domain}, but the ideas apply anywhere.",
    "We measure everything: {topic2} first, then {topic}.",
    "Finally, a look at {rare}, and why it matters for {topic}.",
    "Bring questions about {lib}, {topic2} and {topic}.",
    "I will share the mistakes we made with {lib} so you don't have to.",
]
DOMAINS = ["a newsroom", "a hospital", "a bank", "a university lab", "a small charity", "a game studio",
           "a city council", "an online shop", "a weather service", "a music festival", "a railway", "a library",
           "a start-up", "a research institute", "a school", "an observatory"]
TAGS = ["testing", "web", "data", "async", "packaging", "ml", "devops", "security", "performance", "typing",
        "databases", "science", "education", "community", "tooling", "api", "frontend", "embedded", "django",
        "flask", "pandas", "numpy", "rust", "c", "wasm", "cloud", "observability", "accessibility", "career",
        "beginners", "architecture", "nlp", "visualisation", "hardware", "games", "automation", "docs", "search",
        "streaming", "finance"]
FIRST = ["Ada", "Alan", "Grace", "Guido", "Katherine", "Linus", "Margaret", "Barbara", "Dennis", "Ken", "Frances",
         "Radia", "Hedy", "Edsger", "Donald", "Tim", "Brian", "Carol", "Raymond", "Naomi", "Mariatta", "Łukasz",
         "Brett", "Nina", "Carlton", "Ewa", "Jacob", "Paolo", "Sofia", "Amara", "Kofi", "Yuki", "Priya", "Diego",
         "Chen", "Fatima", "Olga", "Mateo", "Ingrid", "Tariq", "Leilani", "Bjorn", "Zanele", "Ravi", "Hana", "Omar",
         "Lucia", "Tomasz", "Aoife", "Kwame"]
LAST = ["Lovelace", "Turing", "Hopper", "Rossum", "Johnson", "Torvalds", "Hamilton", "Liskov", "Ritchie",
        "Thompson", "Allen", "Perlman", "Lamarr", "Dijkstra", "Knuth", "Peters", "Kernighan", "Shaw", "Hettinger",
        "Ceder", "Wijaya", "Langa", "Cannon", "Zakharenko", "Gibson", "Jezierska", "Kaplan", "Rossi", "Moreno",
        "Okafor", "Mensah", "Tanaka", "Sharma", "Alvarez", "Wei", "Haddad", "Petrova", "Garcia", "Larsen", "Aziz",
        "Kahale", "Nilsson", "Dlamini", "Iyer", "Novak", "Farouk", "Bianchi", "Kowalski", "Byrne", "Asante"]
NO_MATCH = ["cobol mainframe", "fortran77", "zxqvbn", "quantum chromodynamics", "blockchain nft", "xylophone",
            "pottery glaze", "kubernetes operators", "perl golf", "visual basic", "mainframe", "lisp machines",
            "punch cards", "zeppelin", "llama farming"]


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split("|") if t.strip()]


class Vocabulary:
    def __init__(self, rng):
        self.rng = rng
        self.topics, self.libs, self.rare = _split(TOPICS), _split(LIBRARIES), _split(RARE)
        rng.shuffle(self.topics)
        rng.shuffle(self.libs)
        # Zipf-like: the first few topics and libraries appear in thousands of talks, the tail in dozens.
        self.topic_weights = [1 / (i + 1) ** 0.9 for i in range(len(self.topics))]
        self.lib_weights = [1 / (i + 1) ** 0.9 for i in range(len(self.libs))]
        self.tag_weights = [1 / (i + 1) ** 0.8 for i in range(len(TAGS))]

    def topic(self) -> str:
        return self.rng.choices(self.topics, self.topic_weights)[0]

    def lib(self) -> str:
        return self.rng.choices(self.libs, self.lib_weights)[0]

    def slots(self) -> dict:
        rng = self.rng
        return {
            "topic": self.topic(), "topic2": self.topic(), "lib": self.lib(), "lib2": self.lib(),
            "adj": rng.choice(ADJECTIVES), "domain": rng.choice(DOMAINS),
            # A rare term in ~1 talk in 8: each one ends up in a handful of talks.
            "rare": rng.choice(self.rare) if rng.random() < 0.12 else self.topic(),
        }

    def title(self) -> str:
        s = self.slots()
        title = self.rng.choice(TITLE_TEMPLATES).format(**s)
        return title[0].upper() + title[1:]

    def abstract(self) -> str:
        sentences = self.rng.sample(SENTENCES, self.rng.randint(3, 5))
        return " ".join(sentence.format(**self.slots()) for sentence in sentences)

    def tags(self) -> list[str]:
        return list(dict.fromkeys(self.rng.choices(TAGS, self.tag_weights, k=self.rng.randint(1, 4))))

    def resource(self, n: int, talk_title: str) -> tuple[str, str]:
        rng = self.rng
        kind = ("slides", "video", "code", "article", "other")[n] if n < 2 else rng.choice(["code", "article", "other", "slides"])
        title = {
            "slides": f"Slides: {talk_title}",
            "video": rng.choice(["Recording", "Video of the talk", f"Recording: {self.topic()}"]),
            "code": f"Demo repository: {self.lib()} and {self.topic()}",
            "article": f"Write-up on {self.topic()}",
            "other": f"Further reading on {self.topic()}",
        }[kind]
        return title[:200], kind


# -- generating the corpus --------------------------------------------------------------------
class Log:
    """Histories kept in memory: each decision is folded from its stream's history, and
    its events are stamped (stream, next version, time) as the store would."""

    def __init__(self):
        from collections import defaultdict

        self.histories: dict = defaultdict(list)
        self.pending: list = []
        self.appended = 0

    def record(self, stream_id, new_events, when) -> None:
        import dataclasses

        history = self.histories[stream_id]
        for event in new_events:
            stamped = dataclasses.replace(event, originator_id=stream_id, originator_version=len(history) + 1, timestamp=when)
            history.append(stamped)
            self.pending.append(stamped)
        if len(self.pending) >= APPEND_BATCH:
            self.flush()

    def flush(self) -> None:
        from eventstore.store import event_store

        while self.pending:
            batch, self.pending = self.pending[:APPEND_BATCH], self.pending[APPEND_BATCH:]
            event_store().append_stamped(batch, project=False)
            self.appended += len(batch)


def generate(meetups: int, members: int) -> dict:
    """Append the corpus through the commands' decisions; returns counts and seconds."""
    import random
    import time
    from datetime import timedelta
    from uuid import uuid4

    from django.utils import timezone

    from meetups.streams import meetup_stream
    from meetups.schedule.command import MeetupPlan, decide_schedule
    from membership.events import MemberJoined
    from membership.streams import member_stream
    from talks.agenda.command import decide_schedule_talk
    from talks.confirm.command import decide_confirm
    from talks.proposal import FORMATS
    from talks.propose.command import ProposalContent, decide_submit
    from talks.resources.command import ResourceInput, decide_attach, decide_tag
    from talks.review.command import decide_decision

    rng = random.Random(SEED)
    words = Vocabulary(rng)
    log = Log()
    started = time.perf_counter()
    now = timezone.now()

    speakers = []
    for user_id in range(1, members + 1):
        stream = member_stream(user_id)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        log.record(stream, [MemberJoined(user_id=user_id, email=f"member{user_id}@example.com", display_name=name)],
                   now - timedelta(days=4000))
        speakers.append(stream)
    organiser = speakers[0]

    talks = declined = resources = 0
    formats = ["lightning", "short", "talk"]
    for m in range(meetups):
        slug = f"archive-{m:04d}"
        meetup = meetup_stream(slug)
        start = (now - timedelta(days=14 * (meetups - m))).replace(hour=9, minute=0, second=0, microsecond=0)
        end = start + timedelta(hours=MEETUP_HOURS)
        plan = MeetupPlan(
            title=f"Python night #{m + 1}: {words.topic()}", description="Talks, then *pizza*.", starts_at=start,
            ends_at=end, venue_name="Main Library", venue_address="101 E Franklin St", capacity=80,
        )
        opened = start - timedelta(days=14)
        log.record(meetup, decide_schedule(log.histories[meetup], slug=slug, plan=plan, by="bench", now=opened), opened)
        cursor = start
        accepted = []
        for _ in range(TALKS_PER_MEETUP):
            talk = uuid4()
            speaker = rng.choice(speakers)
            fmt = rng.choices(formats, [0.5, 0.35, 0.15])[0]
            if cursor + timedelta(minutes=FORMATS[fmt][1]) > end:
                fmt = "lightning"
            content = ProposalContent(words.title()[:120], words.abstract(), fmt, rng.choice(["beginner", "intermediate", "advanced"]))
            log.record(talk, decide_submit([], log.histories[talk], speaker_id=speaker, content=content), start - timedelta(days=60))
            log.record(talk, decide_decision(log.histories[talk], decision="accept", message="Welcome!", by=organiser),
                       start - timedelta(days=40))
            log.record(talk, decide_confirm(log.histories[talk], by=speaker), start - timedelta(days=35))
            log.record(meetup, decide_schedule_talk(log.histories[meetup], log.histories[talk], talk_id=talk, starts_at=cursor,
                                                    minutes=None, by="bench"), start - timedelta(days=30))
            cursor += timedelta(minutes=FORMATS[fmt][1])
            accepted.append((talk, speaker, content.title))
            talks += 1
            if rng.random() < DECLINED_SHARE:  # a proposal that never made it (an unlisted archive row)
                other = uuid4()
                other_content = ProposalContent(words.title()[:120], words.abstract(), fmt, "beginner")
                log.record(other, decide_submit([], [], speaker_id=speaker, content=other_content), start - timedelta(days=60))
                log.record(other, decide_decision(log.histories[other], decision="decline", message="Sorry", by=organiser),
                           start - timedelta(days=40))
                declined += 1
        after = start + timedelta(days=1)
        for talk, speaker, title in accepted:
            log.record(talk, decide_tag(log.histories[talk], tags=words.tags(), by=organiser), after)
            for n in range(RESOURCES_PER_TALK):
                res_title, kind = words.resource(n, title)
                resource = ResourceInput(res_title, f"https://example.com/{talk.hex[:12]}/{n}", kind)
                log.record(talk, decide_attach(log.histories[talk], resource_id=uuid4(), resource=resource, by=speaker,
                                               is_organiser=False), after)
                resources += 1
    log.flush()
    seconds = time.perf_counter() - started
    return {"events": log.appended, "talks": talks, "declined": declined, "resources": resources, "meetups": meetups,
            "members": members, "seconds": seconds, "events_per_s": log.appended / seconds, "vocabulary": words}


def rebuild_all() -> dict:
    import time

    from django.db import connection

    from eventstore import consumers
    from eventstore.projections import Projection
    from eventstore.runner import rebuild

    timings = {}
    for name in ("members", "meetups", "proposals", "archive"):
        started = time.perf_counter()
        applied = rebuild(consumers.get(Projection, name))
        seconds = time.perf_counter() - started
        timings[name] = {"events": applied, "seconds": seconds, "events_per_s": applied / seconds if seconds else 0}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("talks_archiveentry", "talks_archivemember", "talks_archivemeetup"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return timings


# -- queries ----------------------------------------------------------------------------------
def make_queries(words: Vocabulary, years: list[int], rng) -> list[tuple[str, str, dict]]:
    """(kind, query, filters) triples: 225 queries in 8 kinds."""
    import re

    topics, libs, rare = words.topics, words.libs, words.rare
    single_words = sorted({w for t in topics for w in re.findall(r"[a-z]{4,}", t.lower())})
    lastnames = sorted(set(LAST))
    levels = ["beginner", "intermediate", "advanced"]
    kinds = ["slides", "video", "code", "article", "other"]
    queries: list[tuple[str, str, dict]] = []

    def add(category: str, query: str, **filters) -> None:
        queries.append((category, query, filters))

    for i in range(50):  # one word: common topics, libraries, rare words, speakers' names
        pool = [single_words, [lib.split()[0] for lib in libs], [r.split()[-1] for r in rare], lastnames][i % 4]
        add("one word", rng.choice(pool))
    for _ in range(40):
        add("two words", f"{rng.choice(libs).split()[0]} {rng.choice(single_words)}")
    multi = [t for t in topics + rare if " " in t]
    for _ in range(30):
        add("phrase", f'"{rng.choice(multi)}"')
    for _ in range(25):
        add("exclusion", f"{rng.choice(single_words)} -{rng.choice(libs).split()[0]}")
    for _ in range(15):
        add("or", f"{rng.choice(libs).split()[0]} or {rng.choice(libs).split()[0]}")
    for i in range(40):
        word = rng.choice(single_words + [lib.split()[0] for lib in libs])
        f = [{"level": rng.choice(levels)}, {"year": rng.choice(years)}, {"tag": rng.choice(TAGS)}, {"kind": rng.choice(kinds)}][i % 4]
        if i % 5 == 0:
            f |= {"level": rng.choice(levels)}
        add("word + filters", word, **f)
    for i in range(10):
        add("filters only", "", **[{"level": rng.choice(levels)}, {"year": rng.choice(years)}, {"tag": rng.choice(TAGS)},
                                   {"kind": rng.choice(kinds), "level": rng.choice(levels)}, {}][i % 5])
    for query in NO_MATCH:
        add("no match", query)
    return queries


def baseline_find(query: str, filters, now) -> tuple[list, int]:
    """What a plain Django search does: icontains on every text column, per term."""
    from django.db.models import Q

    from talks.archive.projection import ArchiveEntry
    from talks.archive.search import parse

    rows = ArchiveEntry.objects.filter(**filters.lookups(now))
    positive: list[Q] = []
    negative: list[Q] = []
    for term in parse(query):
        t = term.text
        match = (Q(title__icontains=t) | Q(abstract__icontains=t) | Q(speakers_text__icontains=t)
                 | Q(tags_text__icontains=t) | Q(resource_titles__icontains=t))
        if term.negated:
            negative.append(match)
        elif term.or_with_previous and positive:
            positive[-1] = positive[-1] | match
        else:
            positive.append(match)
    for match in positive:
        rows = rows.filter(match)
    for match in negative:
        rows = rows.exclude(match)
    return list(rows.order_by("-starts_at")[:30]), rows.count()


def percentile(values: list[float], q: float) -> float:
    import math

    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def measure_search(queries: list[tuple[str, str, dict]]) -> dict:
    import gc
    import time

    from django.utils import timezone

    from talks.archive.search import Filters
    from talks.archive.view import find

    times: dict[str, list[list[float]]] = {"ours": [[] for _ in queries], "baseline": [[] for _ in queries]}
    counts = {"ours": [0] * len(queries), "baseline": [0] * len(queries)}
    load = [load_average()]
    for p in range(1 + PASSES):
        gc.collect()
        for i, (_, query, filters) in enumerate(queries):
            f = Filters(**filters)
            sides = ["ours", "baseline"] if (i + p) % 2 else ["baseline", "ours"]
            for side in sides:
                started = time.perf_counter()
                if side == "ours":
                    rows, total = find(query, f, 1)
                else:
                    rows, total = baseline_find(query, f, timezone.now())
                elapsed = (time.perf_counter() - started) * 1000
                if p:
                    times[side][i].append(elapsed)
                counts[side][i] = total
        load.append(load_average())

    per_query = {side: [median(t) for t in times[side]] for side in times}
    kinds = list(dict.fromkeys(k for k, _, _ in queries))

    def stats(side: str, idx: list[int]) -> dict:
        values = [per_query[side][i] for i in idx]
        return {"p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95), "max_ms": max(values)}

    everything = list(range(len(queries)))
    by_kind = {
        kind: {
            "queries": len(idx := [i for i, q in enumerate(queries) if q[0] == kind]),
            "ours": stats("ours", idx),
            "baseline": stats("baseline", idx),
            "median_results": median([counts["ours"][i] for i in idx]),
        }
        for kind in kinds
    }
    buckets = {"0": 0, "1-10": 0, "11-100": 0, "101-1,000": 0, "> 1,000": 0}
    for total in counts["ours"]:
        key = "0" if total == 0 else "1-10" if total <= 10 else "11-100" if total <= 100 else "101-1,000" if total <= 1000 else "> 1,000"
        buckets[key] += 1
    slowest = sorted(everything, key=lambda i: per_query["ours"][i], reverse=True)[:8]
    return {
        "queries": len(queries),
        "passes": PASSES,
        "ours": stats("ours", everything),
        "baseline": stats("baseline", everything),
        "ratio_p50": stats("baseline", everything)["p50_ms"] / stats("ours", everything)["p50_ms"],
        "by_kind": by_kind,
        "result_buckets": buckets,
        "slowest": [
            {"kind": queries[i][0], "query": queries[i][1], "filters": queries[i][2], "ms": per_query["ours"][i],
             "results": counts["ours"][i]}
            for i in slowest
        ],
        "load": load,
    }


def measure_ttfb(cases: dict[str, str]) -> dict:
    from django.conf import settings
    from django.test import Client, override_settings

    # DEBUG is off, so the manifest storage would need `collectstatic` first; the plain
    # storage gives the same URLs minus the hash (the difference is a dictionary lookup).
    storages = settings.STORAGES | {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        return _measure_ttfb(cases, Client())


def _measure_ttfb(cases: dict[str, str], client) -> dict:
    import gc
    import time

    samples: dict[str, dict[str, list[float]]] = {name: {"ttfb": [], "total": [], "bytes": [], "chunks": []} for name in cases}
    names = list(cases)
    for r in range(2 + TTFB_REPEAT):
        gc.collect()
        order = names if r % 2 else names[::-1]
        for name in order:
            started = time.perf_counter()
            response = client.get(cases[name])
            chunks = iter(response.streaming_content)
            first = next(chunks)
            ttfb = time.perf_counter() - started
            size, count = len(first), 1
            for chunk in chunks:
                size += len(chunk)
                count += 1
            total = time.perf_counter() - started
            response.close()
            assert response.status_code == 200
            if r >= 2:
                s = samples[name]
                s["ttfb"].append(ttfb * 1000)
                s["total"].append(total * 1000)
                s["bytes"].append(size)
                s["chunks"].append(count)
    return {
        name: {
            "url": cases[name],
            "ttfb_ms": median(s["ttfb"]),
            "total_ms": median(s["total"]),
            "bytes": median(s["bytes"]),
            "chunks": median(s["chunks"]),
        }
        for name, s in samples.items()
    }


def measure(kind: str, scale: float) -> dict:
    import random
    from urllib.parse import urlencode

    from django.utils import timezone

    from talks.archive.projection import ArchiveEntry
    from talks.archive.search import Filters
    from talks.archive.view import find

    meetups = max(4, round(MEETUPS * scale))
    load_start = load_average()
    generated = generate(meetups, MEMBERS)
    words = generated.pop("vocabulary")
    rebuilt = rebuild_all()
    listed = ArchiveEntry.objects.filter(listed=True, starts_at__lt=timezone.now())
    listed_count = listed.count()
    assert listed_count == generated["talks"], (listed_count, generated["talks"])
    with_resources = ArchiveEntry.objects.filter(listed=True).exclude(resource_titles="").count()
    assert with_resources == generated["talks"], with_resources

    years = sorted({y for y in listed.values_list("year", flat=True).distinct()})
    queries = make_queries(words, years, random.Random(SEED + 1))
    searched = measure_search(queries)

    # TTFB cases: a rare word with ~10 results, everything (no query), a common word.
    def hits(word: str) -> int:
        return find(word, Filters(), 1)[1]

    rare_counts = sorted(((abs(hits(f'"{r}"') - 10), r) for r in words.rare[:40]))
    rare = rare_counts[0][1]
    common = words.topics[0].split()[-1]
    phrase = f'"{rare}"'
    cases = {"few": "/archive/?" + urlencode({"q": phrase}), "all": "/archive/", "common word": f"/archive/?q={common}"}
    ttfb = measure_ttfb(cases)
    for name, q in (("few", phrase), ("all", ""), ("common word", common)):
        ttfb[name]["results"] = find(q, Filters(), 1)[1]

    return {
        "db": kind,
        "database": database_description(),
        "scale": scale,
        "generated": generated,
        "rebuild": rebuilt,
        "listed": listed_count,
        "search": searched,
        "ttfb": ttfb,
        "ttfb_ratio": ttfb["all"]["ttfb_ms"] / ttfb["few"]["ttfb_ms"],
        "load_start": load_start,
        "load_end": load_average(),
        **stamp(),
    }


# -- reporting --------------------------------------------------------------------------------
def verdicts(r: dict) -> dict[str, bool]:
    return {"p95": r["search"]["ours"]["p95_ms"] <= TARGET_P95_MS, "ttfb": r["ttfb_ratio"] <= TARGET_TTFB_RATIO}


def report(results: list[dict]) -> str:
    lines = [
        "Archive search: latency of find() (search + the page's rows) against a plain icontains search, per query "
        f"the median of {PASSES} interleaved passes; p50/p95 over the queries",
        "",
        "| database | talks (resources) | generate events/s | rebuild s (archive events/s) | queries | ours p50 ms | ours p95 ms | "
        "baseline p50 ms | baseline p95 ms | baseline / ours (p50) | load avg | target p95 <= 20 ms |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['db']} | skipped: {r['skipped']} | | | | | | | | | | |")
            continue
        g, s, rb = r["generated"], r["search"], r["rebuild"]
        rebuild_s = sum(x["seconds"] for x in rb.values())
        lines.append(
            f"| {r['database']} | {g['talks']:,} ({g['resources']:,}) | {g['events_per_s']:,.0f} ({g['events']:,} events) | "
            f"{rebuild_s:.1f} ({rb['archive']['events_per_s']:,.0f}) | {s['queries']} | {s['ours']['p50_ms']:.1f} | "
            f"{s['ours']['p95_ms']:.1f} | {s['baseline']['p50_ms']:.1f} | {s['baseline']['p95_ms']:.1f} | "
            f"{s['ratio_p50']:.1f}x | {min(s['load']):.1f}-{max(s['load']):.1f} | "
            f"{'met' if verdicts(r)['p95'] else 'MISSED'} |"
        )
    for r in results:
        if "skipped" in r:
            continue
        lines += ["", f"By kind of query, {r['database']} (p50 / p95 ms; median results):", "",
                  "| kind | queries | ours | baseline | results |", "|---|---:|---|---|---:|"]
        for kind, k in r["search"]["by_kind"].items():
            lines.append(
                f"| {kind} | {k['queries']} | {k['ours']['p50_ms']:.1f} / {k['ours']['p95_ms']:.1f} | "
                f"{k['baseline']['p50_ms']:.1f} / {k['baseline']['p95_ms']:.1f} | {k['median_results']:,.0f} |"
            )
        buckets = ", ".join(f"{k}: {v}" for k, v in r["search"]["result_buckets"].items())
        lines.append(f"\nResults per query: {buckets}.")
    lines += [
        "",
        "Time to first byte of /archive/ (django.test.Client in-process; medians of "
        f"{TTFB_REPEAT}; target: 10,000 results within {TARGET_TTFB_RATIO}x of ~10)",
        "",
        "| database | case | results | first chunk ms | whole page ms | KB | chunks | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if "skipped" in r:
            continue
        for name, t in r["ttfb"].items():
            verdict = ""
            if name == "all":
                verdict = f"{r['ttfb_ratio']:.2f}x of 'few': {'met' if verdicts(r)['ttfb'] else 'MISSED'}"
            lines.append(
                f"| {r['database']} | {name} (`{t['url']}`) | {t['results']:,} | {t['ttfb_ms']:.1f} | {t['total_ms']:.1f} | "
                f"{t['bytes'] / 1024:.0f} | {t['chunks']:.0f} | {verdict} |"
            )
    return "\n".join(lines)


def run(kinds: list[str] | None = None, scale: float = 1.0) -> list[dict]:
    return run_per_database(__file__, kinds, ["--scale", str(scale)])


def targets_met(results: list[dict]) -> bool:
    return all(all(verdicts(r).values()) for r in results if "skipped" not in r)


def main() -> None:
    args = child_args(__doc__.splitlines()[0])
    if args.child:
        kind = args.db[0]
        with fresh_database(kind, "archive"):
            result = measure(kind, args.scale)
        emit(result)
        return
    print_results(run(args.db, args.scale), as_json=args.json, report=report)


if __name__ == "__main__":
    main()
