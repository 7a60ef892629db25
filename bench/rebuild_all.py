"""Rebuild speed of every projection from a demo-like log (issue 13): target >= 20,000 events/s.

    .venv/bin/python bench/rebuild_all.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/rebuild_all.py --db postgres --scale 0.3 --repeat 1
    .venv/bin/python bench/rebuild_all.py --db sqlite --only archive --profile /tmp/archive.prof
    .venv/bin/python bench/rebuild_all.py --fingerprints /tmp/before.json   # rows of every projection, hashed

On a fresh migrated database, per database:

1. A log shaped like the demo's (community/demo.py), scaled: 2,000 members (MemberJoined
   and a ProfileUpdated each), 200 past meetups (x scale) a fortnight apart, each with 5
   talks (submitted, accepted, confirmed, put on the agenda, tagged, 1 to 3 resources;
   1 in 10 proposals declined), 70 RSVPs to 60 seats (so a waitlist), 1 in 8 of them
   cancelled (promoting the first waiting), and check-ins of most of those going.
   Every event comes from the decision its command uses (decide_update_profile,
   decide_schedule, decide_submit, decide_decision, decide_confirm, decide_schedule_talk,
   decide_tag, decide_attach, decide_rsvp, decide_cancel_rsvp, decide_check_in), folded
   from the stream's history kept in memory, and is appended with
   event_store().append_stamped(..., project=False) in 5,000-event transactions. Ids and
   times come from a seeded generator: the same log every run.
2. `rebuild()` of EVERY registered projection (eventstore.consumers.registered(Projection):
   what `manage.py rebuild_projections` runs), one after the other, REPEAT times; the
   median counts. Per projection: the events it applied (it reads only its event types),
   wall seconds and CPU seconds (this process + its PostgreSQL backend, from /proc).
3. Verified after every rebuild: the rows of every projection, hashed (auto-increment
   ids left out), equal across the repeats; and a few counts against the log (members,
   listed archive entries, roster rows, meetups). `--fingerprints FILE` writes the
   hashes, so two versions of a projector can be compared on the same log.

Reported: events/s per projection (applied / wall seconds, and per CPU-second), and for
all of them together (every projection's applied events / the whole rebuild's seconds).
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
MEMBERS = 2_000
MEETUPS = 200
TALKS_PER_MEETUP = 5
RSVPS_PER_MEETUP = 70
CAPACITY = 60
REPEAT = 3
SEED = 20261202


def generate(meetups: int, members: int) -> dict:
    """Append the log through the commands' decisions; returns counts."""
    import random
    import time
    import uuid
    from datetime import UTC, datetime, timedelta

    from archive_search import FIRST, LAST, Log, Vocabulary
    from meetups.checkin.command import decide_check_in
    from meetups.rsvp.command import decide_cancel_rsvp, decide_rsvp
    from meetups.schedule.command import MeetupPlan, decide_schedule
    from meetups.streams import meetup_stream
    from membership.events import MemberJoined
    from membership.profile.command import UpdateProfile, decide_update_profile
    from membership.streams import member_stream
    from talks.agenda.command import decide_schedule_talk
    from talks.confirm.command import decide_confirm
    from talks.propose.command import ProposalContent, decide_submit
    from talks.resources.command import ResourceInput, decide_attach, decide_tag
    from talks.review.command import decide_decision

    rng = random.Random(SEED)

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    words = Vocabulary(rng)
    log = Log()
    started = time.perf_counter()
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    joined_at = now - timedelta(days=14 * meetups + 400)

    people = []
    for user_id in range(1, members + 1):
        stream = member_stream(user_id)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        log.record(stream, [MemberJoined(user_id=user_id, email=f"member{user_id}@example.com", display_name=name)], joined_at)
        profile = UpdateProfile(display_name=name, bio=f"{words.topic().capitalize()} and {words.lib()}.",
                                links=[f"https://example.com/{user_id}"] if rng.random() < 0.5 else [])
        log.record(stream, decide_update_profile(log.histories[stream], profile), joined_at + timedelta(days=1))
        people.append(stream)
    organiser = people[0]

    counts = {"talks": 0, "declined": 0, "resources": 0, "rsvps": 0, "cancelled": 0, "checked_in": 0}
    for m in range(meetups):
        slug = f"night-{m:04d}"
        meetup = meetup_stream(slug)
        start = (now - timedelta(days=14 * (meetups - m))).replace(hour=22, minute=45, second=0, microsecond=0)
        end = start + timedelta(hours=2, minutes=30)
        plan = MeetupPlan(
            title=f"Talk night #{m + 1}: {words.topic()}", description="Talks, then *pizza*.", starts_at=start,
            ends_at=end, venue_name="Main Library", venue_address="101 E Franklin St", capacity=CAPACITY,
        )
        opened = start - timedelta(days=21)
        log.record(meetup, decide_schedule(log.histories[meetup], slug=slug, plan=plan, by=str(organiser), now=opened), opened)
        for slot in range(TALKS_PER_MEETUP):
            talk = new_id()
            speaker = rng.choice(people)
            content = ProposalContent(words.title()[:120], words.abstract(), "short",
                                      rng.choice(["beginner", "intermediate", "advanced"]))
            log.record(talk, decide_submit([], log.histories[talk], speaker_id=speaker, content=content), start - timedelta(days=60))
            log.record(talk, decide_decision(log.histories[talk], decision="accept", message="Welcome!", by=organiser),
                       start - timedelta(days=40))
            log.record(talk, decide_confirm(log.histories[talk], by=speaker), start - timedelta(days=35))
            log.record(meetup, decide_schedule_talk(log.histories[meetup], log.histories[talk], talk_id=talk,
                                                    starts_at=start + timedelta(minutes=25 * slot), minutes=None,
                                                    by=str(organiser)), start - timedelta(days=30))
            log.record(talk, decide_tag(log.histories[talk], tags=words.tags(), by=organiser), start + timedelta(days=1))
            for n in range(rng.randint(1, 3)):
                title, kind = words.resource(n, content.title)
                resource = ResourceInput(title, f"https://example.com/{talk.hex[:12]}/{n}", kind)
                log.record(talk, decide_attach(log.histories[talk], resource_id=new_id(), resource=resource, by=speaker,
                                               is_organiser=False), start + timedelta(days=1))
                counts["resources"] += 1
            counts["talks"] += 1
            if rng.random() < 0.1:
                other = new_id()
                log.record(other, decide_submit([], [], speaker_id=speaker, content=ProposalContent(
                    words.title()[:120], words.abstract(), "talk", "beginner")), start - timedelta(days=60))
                log.record(other, decide_decision(log.histories[other], decision="decline", message="Sorry", by=organiser),
                           start - timedelta(days=40))
                counts["declined"] += 1
        coming = rng.sample(people, RSVPS_PER_MEETUP)
        for i, member in enumerate(coming):
            when = start - timedelta(days=14, minutes=-10 * i)
            log.record(meetup, decide_rsvp(log.histories[meetup], member_id=member, now=when), when)
            counts["rsvps"] += 1
        for member in rng.sample(coming, RSVPS_PER_MEETUP // 8):
            when = start - timedelta(days=2)
            log.record(meetup, decide_cancel_rsvp(log.histories[meetup], member_id=member, now=when), when)
            counts["cancelled"] += 1
        going = [e.member_id for e in log.histories[meetup] if type(e).__name__ in {"RsvpConfirmed", "WaitlistPromoted"}]
        cancelled = {e.member_id for e in log.histories[meetup] if type(e).__name__ == "RsvpCancelled"}
        for member in [g for g in going if g not in cancelled][: int(CAPACITY * 0.8)]:
            log.record(meetup, decide_check_in(log.histories[meetup], member_id=member, attended=True, by=str(organiser),
                                               now=start), start)
            counts["checked_in"] += 1
    log.flush()
    seconds = time.perf_counter() - started
    return {"events": log.appended, "members": members, "meetups": meetups, **counts, "generate_seconds": seconds}


def fingerprint(projection) -> dict[str, str]:
    """A hash of every row of the projection's tables (auto-increment ids left out)."""
    import hashlib
    import json

    from django.db import models

    out = {}
    for model in projection.models:
        fields = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
        rows = sorted(json.dumps(row, default=str, sort_keys=True) for row in model.objects.values(*fields))
        out[model._meta.label] = f"{len(rows)}:{hashlib.sha256(chr(10).join(rows).encode()).hexdigest()[:16]}"
    return out


def checks(log: dict, rebuilt: set[str]) -> dict:
    from meetups.listing.projection import MeetupListing
    from meetups.roster.projection import RosterEntry
    from membership.members.projection import Member
    from talks.archive.projection import ArchiveEntry

    # Every RSVP leaves one roster row (a cancelled one keeps its row, marked cancelled).
    counted = {
        "members": ("members", lambda: Member.objects.count(), log["members"]),
        "meetups": ("meetups", lambda: MeetupListing.objects.count(), log["meetups"]),
        "listed talks": ("archive", lambda: ArchiveEntry.objects.filter(listed=True).count(), log["talks"]),
        "roster rows": ("roster", lambda: RosterEntry.objects.count(), log["rsvps"]),
    }
    found = {what: count() for what, (name, count, _) in counted.items() if name in rebuilt}
    expected = {what: n for what, (name, _, n) in counted.items() if name in rebuilt}
    return {"found": found, "expected": expected, "ok": all(found[k] == expected[k] for k in found)}


def rebuild_every(names: list[str] | None, profile: str | None) -> dict:
    import time

    from eventstore import consumers
    from eventstore.projections import Projection
    from eventstore.runner import rebuild

    out = {}
    for projection in consumers.registered(Projection):
        if names and projection.name not in names:
            continue
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        load = load_average()
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        applied = rebuild(projection)
        wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
        if profiler:
            profiler.disable()
            profiler.dump_stats(f"{profile}.{projection.name}")
        out[projection.name] = {
            "events": applied, "seconds": wall, "cpu_seconds": cpu, "events_per_s": applied / wall if wall else 0,
            "events_per_cpu_s": applied / cpu if cpu else 0, "load": load, "fingerprint": fingerprint(projection),
        }
    return out


def measure(kind: str, scale: float, repeat: int, names: list[str] | None, profile: str | None) -> dict:
    log = generate(max(4, int(MEETUPS * scale)), max(100, int(MEMBERS * scale)))
    runs = []
    for i in range(repeat):
        runs.append(rebuild_every(names, profile if i == repeat - 1 else None))
    verified = checks(log, set(runs[0]))
    stable = all(run[n]["fingerprint"] == runs[0][n]["fingerprint"] for run in runs for n in run)
    per = {}
    for name in runs[0]:
        per[name] = {
            "events": runs[0][name]["events"],
            "events_per_s": median([run[name]["events_per_s"] for run in runs]),
            "events_per_cpu_s": median([run[name]["events_per_cpu_s"] for run in runs]),
            "seconds": median([run[name]["seconds"] for run in runs]),
            "load": median([run[name]["load"] for run in runs]),
            "fingerprint": runs[0][name]["fingerprint"],
        }
    together = [sum(r["events"] for r in run.values()) / sum(r["seconds"] for r in run.values()) for run in runs]
    together_cpu = [sum(r["events"] for r in run.values()) / sum(r["cpu_seconds"] for r in run.values()) for run in runs]
    return {
        "db": kind, "database": database_description(), "log": log, "repeat": repeat, "projections": per,
        "all_events": sum(p["events"] for p in per.values()), "all_seconds": sum(p["seconds"] for p in per.values()),
        "all_events_per_s": median(together), "all_events_per_cpu_s": median(together_cpu),
        "verify": verified, "stable": stable, "verified": verified["ok"] and stable, **stamp(),
    }


def verdict(wall: float, cpu: float) -> str:
    if not wall:
        return "n/a (no events of its kinds in this log)"
    if wall >= TARGET:
        return "met"
    if cpu >= TARGET:
        return "met on CPU time only"
    return "MISSED"


def report(results: list[dict]) -> str:
    lines = [
        f"Rebuild of every projection (target >= {TARGET:,} events/s): events applied / wall seconds (median of the "
        "rebuilds), and per CPU-second of the process + its PostgreSQL backend",
    ]
    for r in results:
        if "skipped" in r:
            lines += ["", f"{r['db']}: skipped ({r['skipped']})"]
            continue
        log = r["log"]
        lines += [
            "",
            f"{r['database']}: log of {log['events']:,} events ({log['members']:,} members, {log['meetups']} meetups, "
            f"{log['talks']:,} talks, {log['resources']:,} resources, {log['rsvps']:,} RSVPs, {log['cancelled']} cancelled, "
            f"{log['checked_in']:,} check-ins), {r['repeat']} rebuilds; rows verified: {'yes' if r['verified'] else 'NO'}",
            "",
            "| projection | events applied | seconds | events/s | per CPU-s | load avg | target |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, p in r["projections"].items():
            lines.append(
                f"| {name} | {p['events']:,} | {p['seconds']:.2f} | {p['events_per_s']:,.0f} | {p['events_per_cpu_s']:,.0f} | "
                f"{p['load']:.1f} | {verdict(p['events_per_s'], p['events_per_cpu_s'])} |"
            )
        lines.append(
            f"| **all together** | {r['all_events']:,} | {r['all_seconds']:.2f} | {r['all_events_per_s']:,.0f} | "
            f"{r['all_events_per_cpu_s']:,.0f} | | {verdict(r['all_events_per_s'], r['all_events_per_cpu_s'])} |"
        )
    return "\n".join(lines)


def run(kinds: list[str] | None = None, scale: float = 1.0, repeat: int = REPEAT, only: list[str] | None = None,
        profile: str | None = None) -> list[dict]:
    forwarded = ["--scale", str(scale), "--repeat", str(repeat)]
    for name in only or []:
        forwarded += ["--only", name]
    if profile:
        forwarded += ["--profile", profile]
    return run_per_database(__file__, kinds, forwarded)


def targets_met(results: list[dict]) -> bool:
    return all(r["all_events_per_s"] >= TARGET for r in results if "skipped" not in r)


def main() -> None:
    import json

    def options(parser):
        parser.add_argument("--repeat", type=int, default=REPEAT, help=f"rebuilds of each projection (default {REPEAT})")
        parser.add_argument("--only", action="append", help="projection name(s) (default: every registered one)")
        parser.add_argument("--profile", metavar="FILE", help="cProfile the last rebuild of each into FILE.<name>")
        parser.add_argument("--fingerprints", metavar="FILE", help="write the row hashes of every projection (JSON)")

    args = child_args(__doc__.splitlines()[0], options)
    if args.child:
        kind = args.db[0]
        with fresh_database(kind, "rebuild-all"):
            result = measure(kind, args.scale, args.repeat, args.only, args.profile)
        emit(result)
        if not result["verified"]:
            raise SystemExit(f"projections differ between rebuilds or from the log: {result['verify']}")
        return
    results = run(args.db, args.scale, args.repeat, args.only, args.profile)
    if args.fingerprints:
        Path(args.fingerprints).write_text(json.dumps(
            {r["db"]: {n: p["fingerprint"] for n, p in r["projections"].items()} for r in results if "skipped" not in r},
            indent=2, sort_keys=True))
    print_results(results, as_json=args.json, report=report)


if __name__ == "__main__":
    main()
