"""An RSVP storm on PostgreSQL (issue 3): 16 concurrent clients RSVP to one meetup.

    .venv/bin/python bench/rsvp_storm.py                 # PostgreSQL only
    .venv/bin/python bench/rsvp_storm.py --scale 0.2 --rounds 3
    .venv/bin/python bench/rsvp_storm.py --prepared off   # one mode only (default: on, then off)

The whole storm runs once with PREPARED_PAGES=1 (the site's prepared pages, issue 13, kept
up to date by the writes) and once with PREPARED_PAGES=0 (pages rendered on request: the
writes do no page work), each in its own child process; the targets hold for both.

Each storm: a fresh meetup with capacity 100; 16 threads (one database connection each,
opened before the start and closed at the end) RSVP with random member ids until 1,000
RSVPs (x scale, at least 150) are recorded, going or waitlisted. Three sides, in
interleaved rounds (one discarded warm-up round; the order rotates):

  ours      meetups.rsvp.command.rsvp(slug=..., member_id=uuid4(), now=...):
            per-stream advisory lock, load the meetup's stream (cached history + the
            newer events), decide, append with the version check, and bring the inline
            projections that read RSVP events (meetups listing counters, roster rows)
            up to date, all in the same transaction;
  baseline  a plain Django model: transaction.atomic(), select_for_update() on the
            meetup row, "already RSVPed?", count of going, insert a going or waitlisted
            row with the next waitlist position (max + 1). Equally correct, no listing
            counters and no history: the least a correct RSVP can do.
  store_only  diagnostic: EventStore.execute() unchanged but appending with project=False,
            i.e. rsvp() without its inline projections (they are caught up, untimed,
            after the storm, then checked like ours): what the event store alone costs.

Checked after every storm: exactly min(capacity, N) going, waitlist positions 1..k with no
gap or duplicate, every member exactly once; for ours in the folded stream
(Meetup.fold(event_store().load(stream))), in the RsvpWaitlisted positions, in the
roster projection (RosterEntry) and in the listing counters (MeetupListing).

Reported: RSVPs/s (median over rounds, and the median of the per-round ratios to the
baseline), p50/p99 latency of one RSVP (all measured rounds pooled), version conflicts
retried (decisions taken beyond one per RSVP, counted here), CPU per RSVP (this process, and the 16 PostgreSQL
backends read from /proc), queries per RSVP and the serial (one client) latency.
Targets: ratio >= 0.7, p99 < 200 ms, 0 overbookings.
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

TARGET_RATIO = 0.7
TARGET_P99_MS = 200.0
CLIENTS = 16
CAPACITY = 100
RSVPS = 1000
ROUNDS = 5
SERIAL = 100  # RSVPs measured one at a time (queries and latency without contention)


# -- the baseline: a plain Django model -------------------------------------------------------
_baseline: tuple | None = None


def baseline_models():
    """Bench-only models (not in any migration), created in the bench database."""
    global _baseline
    if _baseline:
        return _baseline
    from django.db import connection, models

    class StormMeetup(models.Model):
        slug = models.SlugField(max_length=80, unique=True)
        title = models.CharField(max_length=200)
        capacity = models.PositiveIntegerField()
        starts_at = models.DateTimeField()
        rsvp_opens_at = models.DateTimeField()
        rsvp_closes_at = models.DateTimeField()
        cancelled = models.BooleanField(default=False)

        class Meta:
            app_label = "community"
            db_table = "bench_storm_meetup"
            managed = False

    class StormRsvp(models.Model):
        meetup = models.ForeignKey(StormMeetup, on_delete=models.CASCADE)
        member_id = models.UUIDField()
        status = models.CharField(max_length=12)  # going | waitlisted
        position = models.PositiveIntegerField(null=True)
        rsvped_at = models.DateTimeField()

        class Meta:
            app_label = "community"
            db_table = "bench_storm_rsvp"
            managed = False
            constraints = [models.UniqueConstraint(fields=["meetup", "member_id"], name="bench_storm_one_rsvp")]
            indexes = [models.Index(fields=["meetup", "status", "position"], name="bench_storm_status")]

    with connection.schema_editor() as editor:
        editor.create_model(StormMeetup)
        editor.create_model(StormRsvp)
    _baseline = (StormMeetup, StormRsvp)
    return _baseline


class Refused(Exception):
    pass


def baseline_rsvp(slug: str, member_id, now) -> None:
    """The same rules as decide_rsvp, with a row lock instead of a stream."""
    from django.db import transaction
    from django.db.models import Max

    StormMeetup, StormRsvp = baseline_models()
    with transaction.atomic():
        meetup = StormMeetup.objects.select_for_update().get(slug=slug)
        if meetup.cancelled or now >= meetup.starts_at or not meetup.rsvp_opens_at <= now < meetup.rsvp_closes_at:
            raise Refused("closed")
        rsvps = StormRsvp.objects.filter(meetup=meetup)
        if rsvps.filter(member_id=member_id).exists():
            raise Refused("already")
        if rsvps.filter(status="going").count() < meetup.capacity:
            StormRsvp.objects.create(meetup=meetup, member_id=member_id, status="going", rsvped_at=now)
        else:
            last = rsvps.filter(status="waitlisted").aggregate(last=Max("position"))["last"] or 0
            StormRsvp.objects.create(meetup=meetup, member_id=member_id, status="waitlisted", position=last + 1, rsvped_at=now)


class DecisionCount:
    """Retries, counted by the benchmark (the store keeps no counters of its own): every
    decision `rsvp()` takes beyond the first of a command is a retry after a conflict."""

    def __init__(self) -> None:
        import threading  # (this module imports late throughout: see the top)

        self.lock = threading.Lock()
        self.count = 0

    def counting(self, decide):
        """`decide`, counting its calls (install on meetups.rsvp.command.decide_rsvp)."""

        def wrapper(*args, **kwargs):
            with self.lock:
                self.count += 1
            return decide(*args, **kwargs)

        return wrapper


DECISIONS = DecisionCount()


def rsvp_without_projections(slug: str, member_id, now) -> None:
    """Diagnostic side: EventStore.execute() as it is, but appending with project=False
    (no inline projections): what the event store alone costs."""
    from django.db import transaction
    from eventsourcing.persistence import IntegrityError

    from eventstore.store import event_store
    from meetups.rsvp import command
    from meetups.streams import meetup_stream

    store = event_store()
    stream = meetup_stream(slug)
    for _ in range(8):
        try:
            with transaction.atomic():
                store._queue_for_stream(stream)
                history = store.load(stream)
                new_events = command.decide_rsvp(history, member_id=member_id, now=now)
                store.append(stream, new_events, after_version=history[-1].originator_version, project=False)
                return
        except IntegrityError:
            continue  # another writer got there first: decide again (counted by DECISIONS)
    raise RuntimeError("too many conflicts")


def make_baseline_meetup(slug: str) -> str:
    from datetime import timedelta

    from django.utils import timezone

    StormMeetup, _ = baseline_models()
    now = timezone.now()
    StormMeetup.objects.create(
        slug=slug, title="Storm night", capacity=CAPACITY, starts_at=now + timedelta(days=7),
        rsvp_opens_at=now - timedelta(minutes=1), rsvp_closes_at=now + timedelta(days=7),
    )
    return slug


# -- checks -----------------------------------------------------------------------------------
def positions_ok(positions: list[int]) -> bool:
    return sorted(positions) == list(range(1, len(positions) + 1))


def check(going: list, waitlist_positions: list[int], everyone: list, members: set, expected: int) -> dict:
    going_expected = min(CAPACITY, expected)
    ok = (
        len(going) == going_expected
        and len(waitlist_positions) == expected - going_expected
        and positions_ok(waitlist_positions)
        and len(everyone) == len(set(everyone)) == expected
        and set(everyone) == members
    )
    return {
        "going": len(going),
        "waitlisted": len(waitlist_positions),
        "overbooked": max(0, len(going) - CAPACITY),
        "positions_ok": positions_ok(waitlist_positions),
        "duplicates": len(everyone) - len(set(everyone)),
        "ok": ok,
    }


def check_ours(slug: str, members: set, expected: int) -> dict:
    from eventstore.store import event_store
    from meetups import events as me
    from meetups.listing.projection import MeetupListing
    from meetups.meetup import Meetup, meetup_stream
    from meetups.roster.projection import GOING, WAITLISTED, RosterEntry

    stream = meetup_stream(slug)
    history = event_store().load(stream)
    folded = Meetup.fold(history)
    rsvp_events = [ev for ev in history if isinstance(ev, (me.RsvpConfirmed, me.RsvpWaitlisted))]
    stream_check = check(
        folded.going,
        [ev.position for ev in history if isinstance(ev, me.RsvpWaitlisted)],
        [ev.member_id for ev in rsvp_events],
        members,
        expected,
    )
    stream_check["ok"] = stream_check["ok"] and len(folded.waitlist) == stream_check["waitlisted"]
    roster = list(RosterEntry.objects.filter(meetup_id=stream).values_list("member_id", "status", "waitlist_position"))
    roster_check = check(
        [m for m, s, _ in roster if s == GOING],
        [p for _, s, p in roster if s == WAITLISTED],
        [m for m, _, _ in roster],
        members,
        expected,
    )
    listing = MeetupListing.objects.get(stream_id=stream)
    listing_ok = (listing.going_count, listing.waitlist_count) == (stream_check["going"], stream_check["waitlisted"])
    return {
        "stream": stream_check,
        "roster": roster_check,
        "listing_ok": listing_ok,
        "overbooked": max(stream_check["overbooked"], roster_check["overbooked"]),
        "ok": stream_check["ok"] and roster_check["ok"] and listing_ok,
    }


def check_baseline(slug: str, members: set, expected: int) -> dict:
    _, StormRsvp = baseline_models()
    rows = list(StormRsvp.objects.filter(meetup__slug=slug).values_list("member_id", "status", "position"))
    return check(
        [m for m, s, _ in rows if s == "going"],
        [p for _, s, p in rows if s == "waitlisted"],
        [m for m, _, _ in rows],
        members,
        expected,
    )


# -- the storm --------------------------------------------------------------------------------
def _backend_cpu(pid: int) -> float:
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def storm(do_one, total: int, clients: int = CLIENTS) -> dict:
    """`clients` threads call do_one(member_id) until `total` RSVPs succeeded."""
    import gc
    import threading
    import time
    from uuid import uuid4

    from django.db import connection, connections

    lock = threading.Lock()
    issued = [0]
    latencies: list[float] = []
    members: list = []
    errors: list[str] = []
    backend_cpu: list[float] = []
    barrier = threading.Barrier(clients + 1, timeout=60)

    def worker() -> None:
        try:
            connection.ensure_connection()
            pid = connection.connection.info.backend_pid
            barrier.wait()
            cpu0 = _backend_cpu(pid)
            while True:
                with lock:
                    if issued[0] >= total:
                        break
                    issued[0] += 1
                member = uuid4()
                started = time.perf_counter()
                try:
                    do_one(member)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(f"{type(error).__name__}: {error}")
                        issued[0] -= 1  # another try, so the storm still reaches `total`
                        if len(errors) > 100:
                            issued[0] = total  # something is broken: stop
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    members.append(member)
            with lock:
                backend_cpu.append(_backend_cpu(pid) - cpu0)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, name=f"client-{i}") for i in range(clients)]
    for t in threads:
        t.start()
    gc.collect()
    load = load_average()
    barrier.wait()
    cpu0, started = time.process_time(), time.perf_counter()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu0
    done = len(latencies)
    return {
        "rsvps": done,
        "seconds": wall,
        "rsvps_per_s": done / wall,
        "latencies_ms": [x * 1000 for x in latencies],
        "members": members,
        "errors": errors[:5],
        "error_count": len(errors),
        "python_cpu_ms_per_rsvp": cpu * 1000 / max(done, 1),
        "pg_cpu_ms_per_rsvp": sum(backend_cpu) * 1000 / max(done, 1),
        "load": load,
    }


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    import math

    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def serial(do_one, n: int) -> dict:
    """One client, n RSVPs: latency and queries per RSVP without contention."""
    import time
    from uuid import uuid4

    from django.db import connection

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    latencies = []
    with connection.execute_wrapper(count):
        for _ in range(n):
            started = time.perf_counter()
            do_one(uuid4())
            latencies.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": median(latencies), "queries_per_rsvp": queries[0] / n}


def measure(scale: float, rounds: int) -> dict:
    from django.utils import timezone

    from eventstore import consumers
    from eventstore.projections import Projection
    from eventstore.runner import catch_up
    from meetups.rsvp import command
    from meetups.rsvp.command import rsvp
    from meetups.testing import make_meetup

    total = max(150, int(RSVPS * scale))
    baseline_models()
    command.decide_rsvp = DECISIONS.counting(command.decide_rsvp)

    def ours_storm(r: int) -> dict:
        slug = make_meetup(f"storm-{r}", capacity=CAPACITY)
        decisions = DECISIONS.count
        result = storm(lambda member: rsvp(slug=slug, member_id=member, now=timezone.now()), total)
        result["retries"] = DECISIONS.count - decisions - result["rsvps"]
        result["check"] = check_ours(slug, set(result.pop("members")), result["rsvps"])
        return result

    def baseline_storm(r: int) -> dict:
        slug = make_baseline_meetup(f"storm-{r}")
        result = storm(lambda member: baseline_rsvp(slug, member, timezone.now()), total)
        result["retries"] = 0  # a row lock makes every client wait; nothing is retried
        result["check"] = check_baseline(slug, set(result.pop("members")), result["rsvps"])
        return result

    def store_only_storm(r: int) -> dict:
        slug = make_meetup(f"storm-bare-{r}", capacity=CAPACITY)
        decisions = DECISIONS.count
        result = storm(lambda member: rsvp_without_projections(slug, member, timezone.now()), total)
        result["retries"] = DECISIONS.count - decisions - result["rsvps"]
        # Bring the projections up to date (untimed), as a background runner would: the
        # next rsvp() must not inherit this storm's events, and the roster gets checked.
        for name in ("meetups", "roster"):
            catch_up(consumers.get(Projection, name))
        result["check"] = check_ours(slug, set(result.pop("members")), result["rsvps"])
        return result

    def unencrypted_storm(r: int) -> dict:
        # The same command with per-member encryption of personal fields off
        # (eventstore/personal.py): what encryption costs the hot path (issue 10).
        from eventstore.store import event_store

        mapper = event_store().mapper
        mapper.encrypt = False
        try:
            slug = make_meetup(f"storm-plain-{r}", capacity=CAPACITY)
            decisions = DECISIONS.count
            result = storm(lambda member: rsvp(slug=slug, member_id=member, now=timezone.now()), total)
            result["retries"] = DECISIONS.count - decisions - result["rsvps"]
            result["check"] = check_ours(slug, set(result.pop("members")), result["rsvps"])
        finally:
            mapper.encrypt = True
        return result

    sides = {
        "ours": ours_storm, "baseline": baseline_storm, "store_only": store_only_storm, "unencrypted": unencrypted_storm,
    }
    runs: dict[str, list[dict]] = {side: [] for side in sides}
    for r in range(1 + rounds):  # round 0: warm-up, discarded (but checked)
        order = list(sides)[r % len(sides) :] + list(sides)[: r % len(sides)]
        if r % 2:
            order.reverse()
        for side in order:
            result = sides[side](r)
            result["round"] = r
            if not result["check"]["ok"]:
                raise SystemExit(f"{side} storm {r} is wrong: {result['check']} errors={result['errors']}")
            if r:
                runs[side].append(result)
            print(
                f"[rsvp_storm] round {r} {side}: {result['rsvps_per_s']:.0f} RSVPs/s, "
                f"p99 {percentile(result['latencies_ms'], 99):.0f} ms, load {result['load']:.1f}",
                file=sys.stderr,
                flush=True,
            )

    # Serial latency and queries per RSVP (no contention), each on a fresh meetup.
    ours_slug = make_meetup("storm-serial", capacity=CAPACITY)
    base_slug = make_baseline_meetup("storm-serial")
    bare_slug = make_meetup("storm-serial-bare", capacity=CAPACITY)
    serial_runs = {
        "ours": serial(lambda m: rsvp(slug=ours_slug, member_id=m, now=timezone.now()), SERIAL),
        "baseline": serial(lambda m: baseline_rsvp(base_slug, m, timezone.now()), SERIAL),
        "store_only": serial(lambda m: rsvp_without_projections(bare_slug, m, timezone.now()), SERIAL),
    }
    serial_runs["unencrypted"] = serial_runs["ours"]  # (serial figures: measured with encryption on only)
    for name in ("meetups", "roster"):
        catch_up(consumers.get(Projection, name))

    def summary(side: str) -> dict:
        rs = runs[side]
        pooled = [x for r in rs for x in r["latencies_ms"]]
        return {
            "rsvps_per_s": median([r["rsvps_per_s"] for r in rs]),
            "p50_ms": percentile(pooled, 50),
            "p99_ms": percentile(pooled, 99),
            "max_ms": max(pooled),
            "p99_ms_per_round": [percentile(r["latencies_ms"], 99) for r in rs],
            "retries": sum(r["retries"] for r in rs),
            "errors": sum(r["error_count"] for r in rs),
            "overbooked": max(r["check"]["overbooked"] for r in rs),
            "python_cpu_ms_per_rsvp": median([r["python_cpu_ms_per_rsvp"] for r in rs]),
            "pg_cpu_ms_per_rsvp": median([r["pg_cpu_ms_per_rsvp"] for r in rs]),
            "verified": all(r["check"]["ok"] for r in rs),
            "serial": serial_runs[side],
        }

    def ratios_of(side: str) -> list[float]:
        return [o["rsvps_per_s"] / b["rsvps_per_s"] for o, b in zip(runs[side], runs["baseline"], strict=True)]

    ratios = ratios_of("ours")
    summaries = {side: summary(side) for side in runs}
    summaries["store_only"]["ratio"] = median(ratios_of("store_only"))
    summaries["store_only"]["ratio_range"] = [min(ratios_of("store_only")), max(ratios_of("store_only"))]
    summaries["unencrypted"]["ratio"] = median(ratios_of("unencrypted"))
    summaries["unencrypted"]["ratio_range"] = [min(ratios_of("unencrypted")), max(ratios_of("unencrypted"))]
    on_off = [o["rsvps_per_s"] / u["rsvps_per_s"] for o, u in zip(runs["ours"], runs["unencrypted"], strict=True)]
    for side in runs:  # keep the JSON small: latencies go in as percentiles only
        for r in runs[side]:
            lat = r.pop("latencies_ms")
            r["p50_ms"], r["p99_ms"] = percentile(lat, 50), percentile(lat, 99)
    return {
        "db": "postgres",
        "database": database_description(),
        "prepared_pages": prepared_pages(),
        "clients": CLIENTS,
        "capacity": CAPACITY,
        "rsvps_per_storm": total,
        "rounds": rounds,
        "ours": summaries["ours"],
        "baseline": summaries["baseline"],
        "store_only": summaries["store_only"],
        "unencrypted": summaries["unencrypted"],
        "encryption_on_off": median(on_off),
        "encryption_on_off_range": [min(on_off), max(on_off)],
        "ratio": median(ratios),
        "ratio_range": [min(ratios), max(ratios)],
        "runs": runs,
        **stamp(),
    }


def prepared_pages() -> str:
    """What this child ran with: the PREPARED_PAGES env var, and whether the settings read it."""
    import os

    from django.conf import settings

    env = os.environ.get("PREPARED_PAGES", "")
    read = getattr(settings, "PREPARED_PAGES", None)
    return f"{env or 'unset'}" + ("" if read is not None else " (not read by this code: no prepared pages)")


# -- reporting --------------------------------------------------------------------------------
def verdicts(r: dict) -> dict[str, bool]:
    return {
        "ratio": r["ratio"] >= TARGET_RATIO,
        "p99": r["ours"]["p99_ms"] < TARGET_P99_MS,
        "overbooking": r["ours"]["overbooked"] == 0 and r["ours"]["verified"],
        "encryption": r.get("encryption_on_off", 1.0) >= 0.85,
    }


SIDES = (
    ("ours", "`rsvp()`: event store + inline projections"),
    ("baseline", "baseline: ORM + `select_for_update()`"),
    ("store_only", "diagnostic: `rsvp()` without the inline projections"),
    ("unencrypted", "`rsvp()` with per-member encryption off"),
)


def report(results: list[dict]) -> str:
    lines = [
        f"RSVP storm: {CLIENTS} clients, one meetup (capacity {CAPACITY}); RSVPs/s median over the rounds, "
        "ratio = median per-round ratio; latency percentiles over every RSVP of the measured rounds",
    ]
    header = [
        "",
        "| database | implementation | RSVPs / storm | RSVPs/s | ratio (range) | p50 ms | p99 ms | max ms | retries | "
        "overbooked | verified | CPU ms / RSVP (Python + PostgreSQL) | queries / RSVP | serial p50 ms | load avg |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|",
    ]
    for r in results:
        lines += header
        if "skipped" in r:
            lines.append(f"| {r['db']} | skipped: {r['skipped']} | | | | | | | | | | | | | |")
            continue
        for side, label in SIDES:
            s = r[side]
            if side == "ours":
                ratio = f"{r['ratio']:.2f} ({r['ratio_range'][0]:.2f}-{r['ratio_range'][1]:.2f})"
            elif side in ("store_only", "unencrypted"):
                ratio = f"{s['ratio']:.2f} ({s['ratio_range'][0]:.2f}-{s['ratio_range'][1]:.2f})"
            else:
                ratio = "1"
            load = median([run["load"] for run in r["runs"][side]])
            lines.append(
                f"| {r['database']}, PREPARED_PAGES={r.get('prepared_pages', 'unset')} | {label} | {r['rsvps_per_storm']:,} x {r['rounds']} | {s['rsvps_per_s']:,.0f} | {ratio} | "
                f"{s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {s['max_ms']:.0f} | {s['retries']} | {s['overbooked']} | "
                f"{'yes' if s['verified'] else 'NO'} | {s['python_cpu_ms_per_rsvp']:.2f} + {s['pg_cpu_ms_per_rsvp']:.2f} | "
                f"{s['serial']['queries_per_rsvp']:.0f} | {s['serial']['p50_ms']:.2f} | {load:.1f} |"
            )
        v = verdicts(r)
        lines.append("")
        lines.append(
            f"Targets: throughput ratio >= {TARGET_RATIO}: {'met' if v['ratio'] else 'MISSED'}; "
            f"p99 < {TARGET_P99_MS:.0f} ms: {'met' if v['p99'] else 'MISSED'}; "
            f"0 overbookings: {'met' if v['overbooking'] else 'MISSED'}; "
            f"encryption on/off {r['encryption_on_off']:.2f} ({r['encryption_on_off_range'][0]:.2f}-"
            f"{r['encryption_on_off_range'][1]:.2f}), within 15%: {'met' if v['encryption'] else 'MISSED'}."
        )
    return "\n".join(lines)


PREPARED = {"on": "1", "off": "0"}


def run(kinds: list[str] | None = None, scale: float = 1.0, rounds: int = ROUNDS, prepared: list[str] | None = None) -> list[dict]:
    """PostgreSQL only (the advisory-lock queue and 16 concurrent writers); one child per
    PREPARED_PAGES mode (default: on, then off)."""
    import os

    if kinds and "postgres" not in kinds:
        return [{"db": "postgres", "skipped": "not selected (this benchmark runs on PostgreSQL only)"}]
    results = []
    before = os.environ.get("PREPARED_PAGES")
    try:
        for mode in prepared or list(PREPARED):
            os.environ["PREPARED_PAGES"] = PREPARED[mode]  # the child inherits it
            results += run_per_database(__file__, ["postgres"], ["--scale", str(scale), "--rounds", str(rounds)])
    finally:
        if before is None:
            os.environ.pop("PREPARED_PAGES", None)
        else:
            os.environ["PREPARED_PAGES"] = before
    return results


def targets_met(results: list[dict]) -> bool:
    return all(all(verdicts(r).values()) for r in results if "skipped" not in r)


def main() -> None:
    def options(parser):
        parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"measured rounds (default {ROUNDS})")
        parser.add_argument("--prepared", choices=PREPARED, action="append", help="PREPARED_PAGES mode(s) (default: on, off)")

    args = child_args(__doc__.splitlines()[0], options)
    if args.child:
        with fresh_database("postgres", "rsvp"):
            result = measure(args.scale, args.rounds)
        emit(result)
        return
    print_results(run(args.db, args.scale, args.rounds, args.prepared), as_json=args.json, report=report)


if __name__ == "__main__":
    main()
