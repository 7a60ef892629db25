"""Append throughput of the event store against plain Django ORM inserts.

    .venv/bin/python bench/append_throughput.py            # SQLite and PostgreSQL
    .venv/bin/python bench/append_throughput.py --db sqlite --scale 0.2

Measured in the same process, on a fresh migrated database, in interleaved rounds (the
order rotates every round; the first round is a discarded warm-up):

  one event per transaction
    recorder     DjangoApplicationRecorder.insert_events([one StoredEvent])
    append       event_store().append(new stream, [MemberJoined], after_version=0,
                 project=False): stamping + JSON transcoding + the recorder
    orm          StoredSnapshotRecord.objects.create(...) in autocommit (baseline)
  1,000 events per transaction
    recorder     insert_events(1,000 StoredEvents)
    append       event_store().append(new stream, 1,000 MemberJoined, ...)
    orm          transaction.atomic() + StoredSnapshotRecord.objects.bulk_create(1,000)

Every row has the same shape and payload: a uuid, an int, the topic text and the JSON
text of a MemberJoined event; StoredSnapshotRecord has the same unique (originator_id,
originator_version) constraint as the event table (which also has a (topic, id) index
and draws notification ids with RETURNING; on PostgreSQL under an advisory lock).

Reported: the median events/s over the rounds, and the median of the per-round ratios
against the ORM baseline of the same round. Target: ratio >= 0.6 on both databases.
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
    interleaved_rounds,
    median,
    paired_ratio,
    print_results,
    run_per_database,
    stamp,
)

TARGET = 0.6
ROUNDS = 7
BATCH = 1000
# Work per method per round, chosen so one round of one method takes ~0.5-1 s here.
SINGLES = {"sqlite": 1500, "postgres": 500}
BATCHES = {"sqlite": 5, "postgres": 5}


def measure(kind: str, scale: float) -> dict:
    from dataclasses import replace
    from uuid import uuid4

    from django.db import transaction
    from eventsourcing.persistence import StoredEvent

    from eventstore.models import StoredSnapshotRecord as Row
    from eventstore.store import event_store
    from membership.events import MemberJoined

    store = event_store()
    recorder = store.recorder

    def joined(n: int) -> MemberJoined:
        return MemberJoined(user_id=n, email=f"member{n}@example.com", display_name=f"Member {n}")

    sample = store.mapper.to_stored_event(replace(joined(123456), originator_id=uuid4(), originator_version=1))
    topic, state = sample.topic, sample.state
    state_text = state.decode()

    singles = max(1, int(SINGLES[kind] * scale))
    batches = max(1, int(BATCHES[kind] * scale))

    # -- one event per transaction --------------------------------------------------------
    def orm_single() -> int:
        for _ in range(singles):
            Row.objects.create(originator_id=uuid4(), originator_version=1, topic=topic, state=state_text)
        return singles

    def recorder_single() -> int:
        for _ in range(singles):
            recorder.insert_events([StoredEvent(originator_id=uuid4(), originator_version=1, topic=topic, state=state)])
        return singles

    def append_single() -> int:
        for n in range(singles):
            store.append(uuid4(), [joined(n)], after_version=0, project=False)
        return singles

    # -- 1,000 events per transaction -----------------------------------------------------
    def orm_batch() -> int:
        for _ in range(batches):
            with transaction.atomic():
                Row.objects.bulk_create(
                    [
                        Row(originator_id=uuid4(), originator_version=1, topic=topic, state=state_text)
                        for _ in range(BATCH)
                    ]
                )
        return batches * BATCH

    def recorder_batch() -> int:
        for _ in range(batches):
            recorder.insert_events(
                [StoredEvent(originator_id=uuid4(), originator_version=1, topic=topic, state=state) for _ in range(BATCH)]
            )
        return batches * BATCH

    def append_batch() -> int:
        for _ in range(batches):
            store.append(uuid4(), [joined(n) for n in range(BATCH)], after_version=0, project=False)
        return batches * BATCH

    single = interleaved_rounds({"orm": orm_single, "recorder": recorder_single, "append": append_single}, ROUNDS)
    batched = interleaved_rounds({"orm": orm_batch, "recorder": recorder_batch, "append": append_batch}, ROUNDS)

    def summary(rates: dict[str, list[float]]) -> dict:
        return {
            "rates": {name: median(values) for name, values in rates.items()},
            "ratios": {name: paired_ratio(rates, name, "orm") for name in ("recorder", "append")},
            "ratio_ranges": {
                name: [min(s / b for s, b in zip(rates[name], rates["orm"])), max(s / b for s, b in zip(rates[name], rates["orm"]))]
                for name in ("recorder", "append")
            },
        }

    return {
        "db": kind,
        "database": database_description(),
        "rounds": ROUNDS,
        "singles_per_round": singles,
        "batches_per_round": batches,
        "single": summary(single),
        "batched": summary(batched),
        **stamp(),
    }


def report(results: list[dict]) -> str:
    lines = [
        f"Append throughput (median events/s over {ROUNDS} interleaved rounds; ratio = median per-round ratio to the ORM)",
        "",
        "| database | mode | ORM baseline | recorder | ratio | event_store().append | ratio | target >= 0.6 |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['db']} | skipped: {r['skipped']} | | | | | | |")
            continue
        for mode, label in (("single", "1 event / transaction"), ("batched", f"{BATCH:,} events / transaction")):
            s = r[mode]
            rates, ratios = s["rates"], s["ratios"]
            met = "met" if min(ratios.values()) >= TARGET else "MISSED"
            lines.append(
                f"| {r['database']} | {label} | {rates['orm']:,.0f} | {rates['recorder']:,.0f} | "
                f"{ratios['recorder']:.2f} | {rates['append']:,.0f} | {ratios['append']:.2f} | {met} |"
            )
    return "\n".join(lines)


def run(kinds: list[str] | None = None, scale: float = 1.0) -> list[dict]:
    """Measure on each database (default: SQLite and PostgreSQL), one subprocess each."""
    return run_per_database(__file__, kinds, ["--scale", str(scale)])


def targets_met(results: list[dict]) -> bool:
    return all(
        min(r[mode]["ratios"].values()) >= TARGET for r in results if "skipped" not in r for mode in ("single", "batched")
    )


def main() -> None:
    args = child_args(__doc__.splitlines()[0])
    if args.child:
        kind = args.db[0]
        with fresh_database(kind, "append"):
            result = measure(kind, args.scale)
        emit(result)
        return
    print_results(run(args.db, args.scale), as_json=args.json, report=report)


if __name__ == "__main__":
    main()
