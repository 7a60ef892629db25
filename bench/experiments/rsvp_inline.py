"""Experiment, not a benchmark (run_all does not run it): how fast would rsvp() be if the
inline projections reading its events were caught up together? The change is patched in,
in this process only, and measured against rsvp() as committed and the ORM baseline of
bench/rsvp_storm.py, in interleaved rounds.

    .venv/bin/python bench/experiments/rsvp_inline.py [RSVPS_PER_STORM] [ROUNDS]

  as committed  (since fcb2f93) per inline projection: its position created, locked and
                read in one statement, the new events read back, applied, the position
                moved; no savepoint in catch-up, none after a short page; the roster
                upserts. 15 statements per RSVP (the append still opens a savepoint).
  batched       1. no savepoint for append_stamped's block inside execute()'s transaction;
                2. every inline projection that reads the new events caught up together:
                   their positions locked in one statement, the log read once (the union
                   of their topics, from the lowest position), each applies its own
                   events, every position moved to the end of the page in one statement;
                3. the meetups listing bumps its counters with one UPDATE instead of
                   loading and rewriting its row.
                9 statements per RSVP.

Each storm is checked like rsvp_storm's (stream, roster, listing counters).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import create_database, drop_database, median, setup_django  # noqa: E402

import rsvp_storm as rs  # noqa: E402


def patch(level: list[int]) -> None:
    """Patch the batched variant in (level 1); level 0: as committed."""
    from django.db import DEFAULT_DB_ALIAS, connections, transaction
    from eventsourcing.utils import get_topic

    import community.eventstore.projections as P
    from community.eventstore.store import EventStore, Recorded, event_store
    from community.meetups import events as me
    from community.meetups.listing import projection as L

    orig_inline, orig_listing, orig_append_stamped = P.catch_up_inline, L.MeetupsProjection.apply, EventStore.append_stamped
    tracking = "eventstore_tracking"

    def lock_positions(names: list[str], using: str) -> dict:
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {tracking} (application_name, notification_id) VALUES " + ",".join(["(%s, 0)"] * len(names))
                + " ON CONFLICT (application_name) DO UPDATE SET application_name = EXCLUDED.application_name "
                "RETURNING application_name, notification_id, rebuild_to",
                names,
            )
            return {name: (position, rebuild_to) for name, position, rebuild_to in cursor.fetchall()}

    def move_positions(moves: list, using: str) -> None:
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {tracking} (application_name, notification_id) VALUES " + ",".join(["(%s, %s)"] * (len(moves) // 2))
                + " ON CONFLICT (application_name) DO UPDATE SET notification_id = excluded.notification_id "
                f"WHERE {tracking}.notification_id < excluded.notification_id RETURNING 1",
                moves,
            )
            assert len(cursor.fetchall()) == len(moves) // 2, "a position went backwards"

    def batched(topics: set[str], using: str) -> None:
        projections = P.inline_projections_for(topics)
        while projections:
            found = lock_positions([p.name for p in projections], using)
            active = [p for p in projections if found[p.name][1] is None]
            if not active:
                return
            start = min(found[p.name][0] for p in active)
            page = event_store(using).read(after=start, limit=P.PAGE_SIZE, topics=sorted({t for p in active for t in p.topics()}))
            moves: list = []
            for p in active:
                wanted = set(p.topics())
                mine = [(r.notification_id, r.event) for r in page
                        if r.notification_id > found[p.name][0] and get_topic(type(r.event)) in wanted]
                if mine:
                    p.apply(mine, using)
                # The page holds every event of its topics up to its end: move there.
                if page and page[-1].notification_id > found[p.name][0]:
                    moves += [p.name, page[-1].notification_id]
            if moves:
                move_positions(moves, using)
            if len(page) < P.PAGE_SIZE:
                return

    def catch_up_inline(topics, *, using=DEFAULT_DB_ALIAS):
        if level[0] == 0:
            return orig_inline(topics, using=using)
        return batched(topics, using)

    def listing_apply(self, page, using):
        events = [ev for _, ev in page]
        if (level[0] == 0 or not all(isinstance(ev, (me.RsvpConfirmed, me.RsvpWaitlisted)) for ev in events)
                or len({ev.originator_id for ev in events}) != 1):
            return orig_listing(self, page, using)
        going = sum(isinstance(ev, me.RsvpConfirmed) for ev in events)
        with connections[using].cursor() as cursor:
            cursor.execute(
                "UPDATE community_meetuplisting SET going_count = going_count + %s, waitlist_count = waitlist_count + %s, "
                "version = %s, updated_at = %s WHERE stream_id = %s",
                [going, len(events) - going, events[-1].originator_version, events[-1].timestamp, events[0].originator_id],
            )

    def append_stamped(self, events, *, project=True):
        if level[0] == 0 or not connections[self.alias].in_atomic_block:
            return orig_append_stamped(self, events, project=project)
        with transaction.atomic(using=self.alias, savepoint=False):
            stored = [self.mapper.to_stored_event(e) for e in events]
            ids = self.recorder.insert_events(stored)
            recorded = [Recorded(n, e) for n, e in zip(ids or [], events, strict=True)]
            if project:
                P.catch_up_inline({s.topic for s in stored}, using=self.alias)
        return recorded

    P.catch_up_inline = catch_up_inline
    L.MeetupsProjection.apply = listing_apply
    EventStore.append_stamped = append_stamped


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else rs.RSVPS
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else rs.ROUNDS
    url = create_database("postgres", "rsvp_inline")
    try:
        setup_django(url)
        from django.utils import timezone

        from community.eventstore.store import event_store
        from community.meetups.rsvp.command import rsvp
        from community.meetups.testing import make_meetup

        level = [0]
        patch(level)
        rs.baseline_models()
        store = event_store()

        def ours(r: int, variant: int) -> dict:
            level[0] = variant
            try:
                slug = make_meetup(f"x-{r}-{variant}", capacity=rs.CAPACITY)
                conflicts = store.conflicts
                res = rs.storm(lambda m: rsvp(slug=slug, member_id=m, now=timezone.now()), total)
                res["retries"] = store.conflicts - conflicts
                res["check"] = rs.check_ours(slug, set(res.pop("members")), res["rsvps"])
            finally:
                level[0] = 0
            return res

        def baseline(r: int) -> dict:
            slug = rs.make_baseline_meetup(f"x-{r}")
            res = rs.storm(lambda m: rs.baseline_rsvp(slug, m, timezone.now()), total)
            res["retries"] = 0
            res["check"] = rs.check_baseline(slug, set(res.pop("members")), res["rsvps"])
            return res

        sides = {"as committed": lambda r: ours(r, 0), "batched": lambda r: ours(r, 1), "baseline": baseline}
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        for r in range(rounds + 1):  # round 0: warm-up
            names = list(sides)[r % 3 :] + list(sides)[: r % 3]
            if r % 2:
                names.reverse()
            for name in names:
                res = sides[name](r)
                assert res["check"]["ok"], (name, res["check"], res["errors"])
                print(f"round {r} {name}: {res['rsvps_per_s']:.0f} RSVPs/s, p99 {rs.percentile(res['latencies_ms'], 99):.0f} ms, "
                      f"load {res['load']:.1f}", flush=True)
                if r:
                    runs[name].append(res)
        serial = {}
        for variant, name in ((0, "as committed"), (1, "batched")):
            level[0] = variant
            slug = make_meetup(f"serial-{variant}", capacity=rs.CAPACITY)
            serial[name] = rs.serial(lambda m: rsvp(slug=slug, member_id=m, now=timezone.now()), rs.SERIAL)
        level[0] = 0
        slug = rs.make_baseline_meetup("serial")
        serial["baseline"] = rs.serial(lambda m: rs.baseline_rsvp(slug, m, timezone.now()), rs.SERIAL)

        print(f"\n{total} RSVPs per storm, {rounds} rounds; all storms verified (no overbooking, positions 1..k)\n")
        print("| variant | RSVPs/s | ratio to baseline (range) | p50 ms | p99 ms | retries | CPU ms / RSVP (Python + PostgreSQL) | queries / RSVP | serial p50 ms |")
        print("|---|---:|---|---:|---:|---:|---|---:|---:|")
        for name, rs_ in runs.items():
            pooled = [x for r in rs_ for x in r["latencies_ms"]]
            ratios = [a["rsvps_per_s"] / b["rsvps_per_s"] for a, b in zip(rs_, runs["baseline"], strict=True)]
            print(f"| {name} | {median([r['rsvps_per_s'] for r in rs_]):,.0f} | {median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) | "
                  f"{rs.percentile(pooled, 50):.1f} | {rs.percentile(pooled, 99):.1f} | {sum(r['retries'] for r in rs_)} | "
                  f"{median([r['python_cpu_ms_per_rsvp'] for r in rs_]):.2f} + {median([r['pg_cpu_ms_per_rsvp'] for r in rs_]):.2f} | "
                  f"{serial[name]['queries_per_rsvp']:.0f} | {serial[name]['p50_ms']:.2f} |")
    finally:
        drop_database("postgres", "rsvp_inline")


if __name__ == "__main__":
    main()
