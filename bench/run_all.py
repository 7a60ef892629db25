"""Run every benchmark on SQLite and PostgreSQL (`make bench`).

    .venv/bin/python bench/run_all.py               # full size (~6 minutes on 2 cores)
    .venv/bin/python bench/run_all.py --scale 0.2   # quick look
    .venv/bin/python bench/run_all.py --db sqlite   # one database only

Prints the tables (Markdown, ready for bench/README.md) and writes every figure as JSON
to var/bench/results-<UTC time>.json. PostgreSQL is skipped, with the reason, when it
doesn't answer at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test);
the benchmarks create and drop their own databases (convene_bench_*; prefix BENCH_PG_DB).

Exit status 0 even when a target is missed (wall-clock figures on a shared machine are
only indicative); --strict makes a missed target exit 1.
"""

from __future__ import annotations

# Imports inside functions: Django is configured only in the child process, once DATABASE_URL is set.

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import append_throughput  # noqa: E402
import archive_search  # noqa: E402
import pages  # noqa: E402
import rebuild_all  # noqa: E402
import replay  # noqa: E402
import rsvp_storm  # noqa: E402
from _common import BENCH_VAR, DATABASES, load_average, machine  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=DATABASES, action="append", help="database(s) (default: both)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the work of every benchmark")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    started = datetime.now(UTC)
    load_before = load_average()
    appends = append_throughput.run(args.db, args.scale)
    replays = replay.run(args.db, args.scale)
    rebuilds = rebuild_all.run(args.db, args.scale)
    storms = rsvp_storm.run(args.db, args.scale)
    archives = archive_search.run(args.db, args.scale)
    page_runs = pages.run(args.db, args.scale)

    header = (
        f"Benchmarks of {started:%Y-%m-%d %H:%M} UTC on {machine()}; "
        f"load average {load_before:.1f} before, {load_average():.1f} after."
    )
    print(
        header, "", append_throughput.report(appends), "", replay.report(replays), "", rebuild_all.report(rebuilds), "",
        rsvp_storm.report(storms), "",
        archive_search.report(archives), "", pages.report(page_runs), sep="\n",
    )

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    out = BENCH_VAR / f"results-{started:%Y%m%dT%H%M%S}Z.json"
    out.write_text(
        json.dumps(
            {
                "started": started.isoformat(), "machine": machine(), "append_throughput": appends, "replay": replays,
                "rebuild_all": rebuilds,
                "rsvp_storm": storms, "archive_search": archives, "pages": page_runs,
            },
            indent=2,
        )
    )
    print(f"\nAll figures: {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")

    met = all((
        append_throughput.targets_met(appends), replay.targets_met(replays), rebuild_all.targets_met(rebuilds),
        rsvp_storm.targets_met(storms),
        archive_search.targets_met(archives), pages.targets_met(page_runs),
    ))
    if not met:
        print("Some targets were missed (see the tables).")
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
