"""Replay speed: rebuild the members projection from a 100,000-event log.

    .venv/bin/python bench/replay.py                  # SQLite and PostgreSQL, both layouts
    .venv/bin/python bench/replay.py --db postgres --layout phased --scale 0.2

For each database and log layout, on a fresh migrated database:

1. generate 50,000 members (x scale): a MemberJoined and a ProfileUpdated each, appended
   with event_store().append_stamped(..., project=False) in 5,000-event transactions;
   the layout decides the order of the log:
     paired   each member's two events are adjacent (a page creates its rows and
              updates them in memory: inserts only)
     phased   every MemberJoined first, then every ProfileUpdated (the second half of
              the replay loads existing rows and writes them back: updates)
2. time `rebuild(consumers.get(Projection, "members"))` (wipe + replay, 1,000-event pages, one
   transaction per page, as `manage.py rebuild_projections members` does), REPEAT times.
   On PostgreSQL, one rebuild first runs on the freshly loaded table, before it has
   planner statistics (reported apart), then the table is ANALYZEd;
3. check the result after every rebuild: one row per member, every row at version 2,
   one sampled row field by field.

Reported: median events/s (wall clock) of the rebuilds, and events per CPU-second of
this process plus its PostgreSQL backend. Target: >= 20,000 events/s.
"""

from __future__ import annotations

# Imports inside functions: Django is configured only in the child process, once DATABASE_URL is set.

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
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
REPEAT = 3
LAYOUTS = ("paired", "phased")
ENCRYPTIONS = ("off", "on")


def generate(members: int, layout: str) -> tuple[int, float]:
    """Append the log; returns (events, seconds)."""
    import time

    from eventstore.events import utc_now
    from eventstore.store import event_store
    from membership.events import MemberJoined, ProfileUpdated
    from membership.streams import member_stream

    store = event_store()
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
        events = [e for u in users for e in (joined(u), updated(u))]
    else:
        events = [joined(u) for u in users] + [updated(u) for u in users]
    started = time.perf_counter()
    for start in range(0, len(events), APPEND_BATCH):
        store.append_stamped(events[start : start + APPEND_BATCH], project=False)
    return len(events), time.perf_counter() - started


def verify(members: int) -> dict:
    from membership.members.projection import Member
    from membership.streams import member_stream

    rows = Member.objects.count()
    at_v2 = Member.objects.filter(version=2).count()
    sample = Member.objects.get(member_id=member_stream(members // 2 + 1))
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


def planner_statistics() -> str:
    """Has PostgreSQL's planner got statistics for the event table yet?"""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "n/a"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'eventstore_events'"
        )
        row = cursor.fetchone()
    return "analyzed" if row and row[0] else "none"


def timed_rebuild(events: int, profile: str | None = None) -> dict:
    import time

    from eventstore import consumers
    from eventstore.projections import Projection
    from eventstore.runner import rebuild

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    load = load_average()
    cpu0, wall0, own0 = cpu_seconds(), time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    applied = rebuild(consumers.get(Projection, "members"))
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    wall, cpu, own = time.perf_counter() - wall0, cpu_seconds() - cpu0, time.process_time() - own0
    assert applied == events, (applied, events)
    return {
        "events_per_s": events / wall,
        "events_per_cpu_s": events / cpu,
        "seconds": wall,
        "cpu_seconds": cpu,
        "python_cpu_seconds": own,
        "load": load,
    }


def measure(kind: str, layout: str, scale: float, repeat: int, profile: str | None, encryption: str = "on") -> dict:
    from django.db import connection

    from eventstore.store import event_store

    # Per-member encryption of personal fields (eventstore/personal.py) on or off for the
    # whole child: the log is written, and replayed, one way.
    event_store().mapper.encrypt = encryption == "on"
    members = max(10, int(MEMBERS * scale))
    events, gen_seconds = generate(members, layout)
    result = {
        "db": kind,
        "layout": layout,
        "encryption": encryption,
        "database": database_description(),
        "members": members,
        "events": events,
        "generate_events_per_s": events / gen_seconds,
    }
    checks = []
    if kind == "postgres":
        # A freshly loaded table has no planner statistics until autovacuum's ANALYZE
        # comes round (about a minute later); measure that case once, then ANALYZE.
        result["fresh_statistics"] = planner_statistics()
        result["fresh"] = timed_rebuild(events)
        checks.append(verify(members))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE eventstore_events")
    runs = []
    for i in range(repeat):
        last = i == repeat - 1
        runs.append(timed_rebuild(events, f"{profile}.{kind}.{layout}" if profile and last else None))
        checks.append(verify(members))
    result.update(
        runs=runs,
        median_events_per_s=median([r["events_per_s"] for r in runs]),
        median_events_per_cpu_s=median([r["events_per_cpu_s"] for r in runs]),
        verify=checks[-1],
        verified=all(c["ok"] for c in checks),
        **stamp(),
    )
    return result


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
            f"| {r['database']} | {r['layout']} | {r.get('encryption', 'on')} | {r['events']:,} | {r['median_events_per_s']:,.0f} | "
            f"{r['median_events_per_cpu_s']:,.0f} | {load:.1f} | {verified} | "
            f"{verdict(r['median_events_per_s'], r['median_events_per_cpu_s'])} |"
        )
        if "fresh" in r:
            f = r["fresh"]
            lines.append(
                f"| {r['database']} | {r['layout']}, fresh table (planner statistics: {r['fresh_statistics']}) | "
                f"{r.get('encryption', 'on')} | "
                f"{r['events']:,} | {f['events_per_s']:,.0f} | {f['events_per_cpu_s']:,.0f} | {f['load']:.1f} | "
                f"{verified} | {verdict(f['events_per_s'], f['events_per_cpu_s'])} |"
            )
    lines += ["", "Encryption on against off, same run (target: within 15%):", ""]
    lines += ["| database | layout | on/off events/s | on/off per CPU-s |", "|---|---|---:|---:|"]
    measured = [r for r in results if "skipped" not in r]
    for r in measured:
        if r.get("encryption") != "on":
            continue
        off = next((o for o in measured if o.get("encryption") == "off" and (o["db"], o["layout"]) == (r["db"], r["layout"])), None)
        if off:
            lines.append(
                f"| {r['database']} | {r['layout']} | {r['median_events_per_s'] / off['median_events_per_s']:.2f} | "
                f"{r['median_events_per_cpu_s'] / off['median_events_per_cpu_s']:.2f} |"
            )
    return "\n".join(lines)


def run(
    kinds: list[str] | None = None,
    scale: float = 1.0,
    layouts: list[str] | None = None,
    repeat: int = REPEAT,
    profile: str | None = None,
    encryptions: list[str] | None = None,
) -> list[dict]:
    """Measure each layout on each database (default: all), with per-member encryption
    off and on, one subprocess each."""
    results = []
    for layout in layouts or LAYOUTS:
        for encryption in encryptions or ENCRYPTIONS:
            forwarded = ["--scale", str(scale), "--layout", layout, "--repeat", str(repeat), "--encryption", encryption]
            if profile:
                forwarded += ["--profile", profile]
            results += run_per_database(__file__, kinds, forwarded)
    return results


def verdict(wall: float, cpu: float) -> str:
    if wall >= TARGET:
        return "met"
    if cpu >= TARGET:
        return "met on CPU time only (wall clock slowed by other load)"
    return "MISSED"


def targets_met(results: list[dict]) -> bool:
    return all(r["median_events_per_s"] >= TARGET for r in results if "skipped" not in r)


def main() -> None:
    def options(parser):
        parser.add_argument("--layout", choices=LAYOUTS, action="append", help="log layout(s) (default: both)")
        parser.add_argument("--repeat", type=int, default=REPEAT, help=f"rebuilds per database (default {REPEAT})")
        parser.add_argument("--profile", metavar="FILE", help="cProfile the last rebuild into FILE.<db>.<layout>")
        parser.add_argument("--encryption", choices=ENCRYPTIONS, action="append", help="per-member encryption (default: both)")

    args = child_args(__doc__.splitlines()[0], options)
    if args.child:
        kind, layout = args.db[0], args.layout[0]
        with fresh_database(kind, f"replay-{layout}"):
            result = measure(kind, layout, args.scale, args.repeat, args.profile, (args.encryption or ["on"])[0])
        emit(result)
        if not result["verified"]:
            raise SystemExit(f"members projection is wrong after rebuild: {result['verify']}")
        return
    print_results(
        run(args.db, args.scale, args.layout, args.repeat, args.profile, args.encryption), as_json=args.json, report=report
    )


if __name__ == "__main__":
    main()
