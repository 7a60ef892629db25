"""Replay speed: rebuild the members projection from a 100,000-event log, with per-member
encryption of personal fields on and off side by side.

    .venv/bin/python bench/replay.py                  # SQLite and PostgreSQL, both layouts
    .venv/bin/python bench/replay.py --db postgres --layout paired --scale 0.3 --repeat 7

For each database and log layout, one child process with two fresh migrated databases:
the default one (encryption on: personal fields sealed, eventstore/personal.py) and
"clear" (encryption off: the same fields in the clear, as before issue 10).

1. generate 50,000 members (x scale): a MemberJoined and a ProfileUpdated each (every
   event has sealed fields: the worst case for encryption), and append the same events
   to both databases with event_store(alias).append_stamped(..., project=False) in
   5,000-event transactions; the layout decides the order of the log:
     paired   each member's two events are adjacent (a page creates its rows and
              updates them in memory: inserts only)
     phased   every MemberJoined first, then every ProfileUpdated (the second half of
              the replay loads existing rows and writes them back: updates)
2. On PostgreSQL, one rebuild of each first runs on the freshly loaded table, before it
   has planner statistics (reported apart), then the table is ANALYZEd.
3. A warm-up round, then REPEAT rounds; a round is one `rebuild` of `members` (wipe +
   replay, 1,000-event pages, one transaction per page, as `manage.py
   rebuild_projections members` does) in each database, the two interleaved page by
   page (`eventstore.runner.rebuild_pages`; which side goes first alternates every
   page), so that whatever else the machine runs lands on both alike. Each page's CPU
   time is this process's plus, on PostgreSQL, that of the backend of the database it
   read (from /proc).
4. The result is checked after every round in both databases: one row per member, every
   row at version 2, one sampled row field by field.

Reported: median events/s (wall clock) of the rebuilds, and events per CPU-second, per
side; and encryption on/off: the median over rounds of the ratio of the two sides' events
per CPU-second in the same round (and its range). Targets: >= 20,000 events/s; on/off
>= 0.85 (issue 10: within 15%).
"""

from __future__ import annotations

# Imports inside functions: Django is configured only in the child process, once DATABASE_URL is set.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    child_args,
    cpu_seconds,
    database_description,
    emit,
    fresh_database,
    load_average,
    median,
    print_results,
    run_per_database,
    stamp,
)

TARGET = 20_000
MEMBERS = 50_000
APPEND_BATCH = 5_000
REPEAT = 5
LAYOUTS = ("paired", "phased")
# Per-member encryption (eventstore/personal.py) on in one database, off in the other.
ALIASES = {"on": "default", "off": "clear"}
ON_OFF_TARGET = 0.85  # issue 10: a replay with encryption on within 15% of one without


def log_events(members: int, layout: str) -> list:
    """The log to append, in the layout's order."""
    from eventstore.events import utc_now
    from membership.events import MemberJoined, ProfileUpdated
    from membership.streams import member_stream

    now = utc_now()

    def joined(user_id: int):
        return MemberJoined(
            originator_id=member_stream(user_id), originator_version=1, timestamp=now,
            user_id=user_id, email=f"member{user_id}@example.com", display_name=f"Member {user_id}",
        )

    def updated(user_id: int):
        return ProfileUpdated(
            originator_id=member_stream(user_id), originator_version=2, timestamp=now,
            display_name=f"Member {user_id} (updated)", bio=f"Bio of member {user_id}.",
            links=[f"https://example.com/m/{user_id}"],
        )

    users = range(1, members + 1)
    if layout == "paired":
        return [e for u in users for e in (joined(u), updated(u))]
    return [joined(u) for u in users] + [updated(u) for u in users]


def generate(events: list, using: str) -> float:
    """Append the log to the database `using`; returns the seconds it took."""
    import time

    from eventstore.store import event_store

    store = event_store(using)
    started = time.perf_counter()
    for start in range(0, len(events), APPEND_BATCH):
        store.append_stamped(events[start : start + APPEND_BATCH], project=False)
    return time.perf_counter() - started


def verify(members: int, using: str) -> dict:
    from membership.members.projection import Member
    from membership.streams import member_stream

    objects = Member.objects.using(using)
    rows = objects.count()
    at_v2 = objects.filter(version=2).count()
    sample = objects.get(member_id=member_stream(members // 2 + 1))
    u = members // 2 + 1
    sample_ok = (
        sample.user_id == u
        and sample.email == f"member{u}@example.com"
        and sample.display_name == f"Member {u} (updated)"
        and sample.bio == f"Bio of member {u}."
        and sample.links == [f"https://example.com/m/{u}"]
    )
    ok = rows == members and at_v2 == members and sample_ok
    return {"rows": rows, "rows_at_version_2": at_v2, "sample_ok": sample_ok, "ok": ok}


def planner_statistics(using: str) -> str:
    """Has PostgreSQL's planner got statistics for the event table yet?"""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return "n/a"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'eventstore_events'"
        )
        row = cursor.fetchone()
    return "analyzed" if row and row[0] else "none"


def timed_rebuild(events: int, using: str, profile: str | None = None) -> dict:
    import gc
    import time

    from eventstore import consumers
    from eventstore.projections import Projection
    from eventstore.runner import rebuild

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    gc.collect()
    load = load_average()
    cpu0, wall0, own0 = cpu_seconds(using), time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    applied = rebuild(consumers.get(Projection, "members"), using=using)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    wall, cpu, own = time.perf_counter() - wall0, cpu_seconds(using) - cpu0, time.process_time() - own0
    assert applied == events, (applied, events)
    return {
        "events_per_s": events / wall,
        "events_per_cpu_s": events / cpu,
        "seconds": wall,
        "cpu_seconds": cpu,
        "python_cpu_seconds": own,
        "load": load,
    }


def interleaved_rebuilds(events: int, profile: str | None = None, first: int = 0) -> dict[str, dict]:
    """One rebuild of `members` in each database of ALIASES, page by page in turn (the
    side going first swapped every page): whatever else runs on the machine meanwhile
    lands on both alike. Each page's CPU time is this process's plus the backend's of
    the database it read (PostgreSQL); summed per side."""
    import gc
    import time

    from eventstore import consumers
    from eventstore.projections import Projection
    from eventstore.runner import rebuild_pages

    projection = consumers.get(Projection, "members")
    sides = list(ALIASES)
    steps = {side: rebuild_pages(projection, using=ALIASES[side]) for side in sides}
    totals = {side: {"applied": 0, "seconds": 0.0, "cpu_seconds": 0.0, "python_cpu_seconds": 0.0} for side in sides}
    profilers = {}
    if profile:
        import cProfile

        profilers = {side: cProfile.Profile() for side in sides}
    gc.collect()
    load = load_average()
    running, page = set(sides), first
    while running:
        for side in sides if page % 2 == 0 else sides[::-1]:
            if side not in running:
                continue
            alias, t = ALIASES[side], totals[side]
            cpu0, wall0, own0 = cpu_seconds(alias), time.perf_counter(), time.process_time()
            if profilers:
                profilers[side].enable()
            applied = next(steps[side], None)  # None: done (the last step ends the rebuild)
            if profilers:
                profilers[side].disable()
            t["seconds"] += time.perf_counter() - wall0
            t["cpu_seconds"] += cpu_seconds(alias) - cpu0
            t["python_cpu_seconds"] += time.process_time() - own0
            if applied is None:
                running.discard(side)
            else:
                t["applied"] += applied
        page += 1
    for side, profiler in profilers.items():
        profiler.dump_stats(f"{profile}.{side}")
    result = {}
    for side, t in totals.items():
        assert t["applied"] == events, (side, t["applied"], events)
        result[side] = {
            "events_per_s": events / t["seconds"],
            "events_per_cpu_s": events / t["cpu_seconds"],
            "seconds": t["seconds"],
            "cpu_seconds": t["cpu_seconds"],
            "python_cpu_seconds": t["python_cpu_seconds"],
            "load": load,
        }
    return result


def measure(kind: str, layout: str, scale: float, repeat: int, profile: str | None) -> dict:
    """One process, two databases holding the same log: ALIASES["on"] written with the
    personal fields sealed, ALIASES["off"] in the clear. A warm-up round, then `repeat`
    rounds of one rebuild of each, interleaved page by page (`interleaved_rebuilds`)."""
    from django.db import connections

    from eventstore.store import event_store

    for encryption, alias in ALIASES.items():
        event_store(alias).mapper.encrypt = encryption == "on"
    members = max(10, int(MEMBERS * scale))
    log = log_events(members, layout)
    events = len(log)
    generated = {encryption: events / generate(log, alias) for encryption, alias in ALIASES.items()}
    del log
    checks = []
    fresh = {}
    for encryption, alias in ALIASES.items():
        if kind == "postgres":
            # A freshly loaded table has no planner statistics until autovacuum's ANALYZE
            # comes round (about a minute later); measure that case once, then ANALYZE.
            fresh[encryption] = {"statistics": planner_statistics(alias), **timed_rebuild(events, alias)}
            checks.append(verify(members, alias))
            with connections[alias].cursor() as cursor:
                cursor.execute("ANALYZE eventstore_events")
    runs: dict[str, list[dict]] = {encryption: [] for encryption in ALIASES}
    for i in range(1 + repeat):  # round 0: the warm-up
        last = i == repeat
        timed = interleaved_rebuilds(events, f"{profile}.{kind}.{layout}" if profile and last else None, first=i % 2)
        for encryption, run in timed.items():
            if i:
                runs[encryption].append(run)
            checks.append(verify(members, ALIASES[encryption]))
    results = []
    for encryption in ALIASES:
        r = runs[encryption]
        results.append({
            "db": kind,
            "layout": layout,
            "encryption": encryption,
            "database": database_description(),
            "members": members,
            "events": events,
            "generate_events_per_s": generated[encryption],
            **({"fresh": fresh[encryption], "fresh_statistics": fresh[encryption]["statistics"]} if fresh else {}),
            "runs": r,
            "median_events_per_s": median([x["events_per_s"] for x in r]),
            "median_events_per_cpu_s": median([x["events_per_cpu_s"] for x in r]),
            "verify": checks[-1],
            "verified": all(c["ok"] for c in checks),
            **stamp(),
        })
    on, off = runs["on"], runs["off"]
    results[0]["on_off"] = {
        "rounds": repeat,
        "cpu": [a["events_per_cpu_s"] / b["events_per_cpu_s"] for a, b in zip(on, off, strict=True)],
        "wall": [a["events_per_s"] / b["events_per_s"] for a, b in zip(on, off, strict=True)],
    }
    return {"db": kind, "layout": layout, "results": results}


def report(results: list[dict]) -> str:
    lines = [
        "Replay: rebuild(consumers.get(Projection, 'members')), target >= 20,000 events/s",
        "(events/s: wall clock, median of the rebuilds; per CPU-s: events per second of CPU used by the",
        "process and its PostgreSQL backend, which other load on the machine hardly changes)",
        "",
        "| database | layout | encryption | events | rebuild events/s | per CPU-s | load avg | rows verified | target |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['db']} | skipped: {r['skipped']} | | | | | | | |")
            continue
        v = r["verify"]
        verified = f"{'yes' if r['verified'] else 'NO'} ({v['rows']:,} rows)"
        load = median([run["load"] for run in r["runs"]])
        lines.append(
            f"| {r['database']} | {r['layout']} | {r['encryption']} | {r['events']:,} | {r['median_events_per_s']:,.0f} | "
            f"{r['median_events_per_cpu_s']:,.0f} | {load:.1f} | {verified} | "
            f"{verdict(r['median_events_per_s'], r['median_events_per_cpu_s'])} |"
        )
        if "fresh" in r:
            f = r["fresh"]
            lines.append(
                f"| {r['database']} | {r['layout']}, fresh table (planner statistics: {r['fresh_statistics']}) | "
                f"{r['encryption']} | "
                f"{r['events']:,} | {f['events_per_s']:,.0f} | {f['events_per_cpu_s']:,.0f} | {f['load']:.1f} | "
                f"{verified} | {verdict(f['events_per_s'], f['events_per_cpu_s'])} |"
            )
    lines += [
        "",
        "Encryption on against off: one process, the same log in two databases (sealed / in the clear),",
        "one rebuild of each per round, the two interleaved page by page; median of the per-round ratios",
        f"(range); target: on/off per CPU-s >= {ON_OFF_TARGET}:",
        "",
        "| database | layout | rounds | on/off per CPU-s | on/off events/s | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        if "on_off" not in r:
            continue
        c, w = r["on_off"]["cpu"], r["on_off"]["wall"]
        lines.append(
            f"| {r['database']} | {r['layout']} | {r['on_off']['rounds']} | {median(c):.2f} ({min(c):.2f}-{max(c):.2f}) | "
            f"{median(w):.2f} ({min(w):.2f}-{max(w):.2f}) | {'met' if on_off_met(r) else 'MISSED'} |"
        )
    return "\n".join(lines)


def on_off_met(result: dict) -> bool:
    return median(result["on_off"]["cpu"]) >= ON_OFF_TARGET


def run(
    kinds: list[str] | None = None,
    scale: float = 1.0,
    layouts: list[str] | None = None,
    repeat: int = REPEAT,
    profile: str | None = None,
) -> list[dict]:
    """Measure each layout on each database (default: all), one subprocess each, with
    per-member encryption on and off side by side in it."""
    results = []
    for layout in layouts or LAYOUTS:
        forwarded = ["--scale", str(scale), "--layout", layout, "--repeat", str(repeat)]
        if profile:
            forwarded += ["--profile", profile]
        for child in run_per_database(__file__, kinds, forwarded):
            results += child.get("results", [child])
    return results


def verdict(wall: float, cpu: float) -> str:
    if wall >= TARGET:
        return "met"
    if cpu >= TARGET:
        return "met on CPU time only (wall clock slowed by other load)"
    return "MISSED"


def targets_met(results: list[dict]) -> bool:
    measured = [r for r in results if "skipped" not in r]
    return all(r["median_events_per_s"] >= TARGET for r in measured) and all(
        on_off_met(r) for r in measured if "on_off" in r
    )


def main() -> None:
    def options(parser):
        parser.add_argument("--layout", choices=LAYOUTS, action="append", help="log layout(s) (default: both)")
        parser.add_argument("--repeat", type=int, default=REPEAT, help=f"rebuilds per database (default {REPEAT})")
        parser.add_argument(
            "--profile", metavar="FILE", help="cProfile the last round's rebuilds into FILE.<db>.<layout>.<on|off>"
        )

    args = child_args(__doc__.splitlines()[0], options)
    if args.child:
        kind, layout = args.db[0], args.layout[0]
        with fresh_database(kind, f"replay-{layout}", aliases=(ALIASES["off"],)):
            result = measure(kind, layout, args.scale, args.repeat, args.profile)
        emit(result)
        for r in result["results"]:
            if not r["verified"]:
                raise SystemExit(f"members projection is wrong after rebuild ({r['encryption']}): {r['verify']}")
        return
    print_results(run(args.db, args.scale, args.layout, args.repeat, args.profile), as_json=args.json, report=report)


if __name__ == "__main__":
    main()
