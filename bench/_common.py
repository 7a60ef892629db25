"""Shared set-up for the benchmark scripts (not a test module).

Each benchmark runs once per database in its own subprocess, so that DATABASE_URL is set
before Django reads its settings:

    parent:  run_per_database(__file__, ["sqlite", "postgres"])  -> one JSON result each
    child:   python bench/<script>.py --db sqlite|postgres --child

The child gets a fresh database: a new SQLite file under var/bench/, or a new PostgreSQL
database (BENCH_PG_DB + "_" + benchmark, default convene_bench_append and so on) on the
server of BENCH_PG_URL, dropped afterwards. Both are migrated before measuring. DEBUG is off.
"""

from __future__ import annotations

# Imports inside functions: Django is configured only in the child process, once DATABASE_URL is set.
import argparse
import copy
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
PG_BENCH_DB = os.environ.get("BENCH_PG_DB", "convene_bench")
RESULT_MARK = "BENCH-RESULT "
DATABASES = ("sqlite", "postgres")


# -- databases -----------------------------------------------------------------------------
def _pg_params(url: str) -> dict[str, Any]:
    import dj_database_url

    db = dj_database_url.parse(url)
    return {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
        "dbname": db["NAME"],
    }


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(**_pg_params(PG_ADMIN_URL), autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def pg_available() -> str | None:
    """None when PostgreSQL answers at BENCH_PG_URL, else the reason."""
    try:
        import psycopg

        psycopg.connect(**_pg_params(PG_ADMIN_URL), connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        return str(error).strip() or type(error).__name__
    return None


def _sqlite_path(tag: str) -> Path:
    return BENCH_VAR / f"{tag}.sqlite3"


def _pg_name(tag: str) -> str:
    """One database per benchmark, so two of them never drop each other's."""
    return f"{PG_BENCH_DB}_{tag}".replace("-", "_")


def _pg_url(tag: str) -> str:
    p = _pg_params(PG_ADMIN_URL)
    auth = p["user"] or ""
    if p["password"]:
        auth += f":{p['password']}"
    return f"postgres://{auth}@{p['host']}:{p['port']}/{_pg_name(tag)}"


def create_database(kind: str, tag: str) -> str:
    """A fresh, empty database; returns its DATABASE_URL."""
    if kind == "sqlite":
        BENCH_VAR.mkdir(parents=True, exist_ok=True)
        path = _sqlite_path(tag)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    _pg_admin(f'DROP DATABASE IF EXISTS "{_pg_name(tag)}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{_pg_name(tag)}"')
    return _pg_url(tag)


def drop_database(kind: str, tag: str) -> None:
    if kind == "sqlite":
        path = _sqlite_path(tag)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        from django.db import connections

        connections.close_all()
        _pg_admin(f'DROP DATABASE IF EXISTS "{_pg_name(tag)}" WITH (FORCE)')


def setup_django(url: str, extra: dict[str, str] | None = None) -> None:
    """Configure Django for `url` (before anything imports settings) and migrate; `extra`
    maps more database aliases to their URLs (configured like the default, migrated too)."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "community.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"  # no query log
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import dj_database_url
    import django
    from django.conf import settings
    from django.core.management import call_command

    for alias, extra_url in (extra or {}).items():
        # The default's settings (OPTIONS, the SQLite pragmas ...), another database.
        settings.DATABASES[alias] = {
            **copy.deepcopy(settings.DATABASES["default"]),
            "NAME": dj_database_url.parse(extra_url)["NAME"],
        }
    django.setup()
    assert not settings.DEBUG, "benchmarks must run with DEBUG=False"
    call_command("migrate", verbosity=0, interactive=False)
    for alias in extra or {}:
        call_command("migrate", database=alias, verbosity=0, interactive=False)


def database_description() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW synchronous_commit")
            sync = cursor.fetchone()[0]
            return f"PostgreSQL {version.split()[0]} (synchronous_commit={sync})"
        cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(cursor.fetchone()[0], "?")
        return f"SQLite {version} (journal_mode={journal}, synchronous={sync})"


def cpu_seconds(using: str = "default") -> float:
    """CPU time used so far by this process plus, on PostgreSQL, by its server backend
    on the connection `using` (a local server: read from /proc). Unlike wall time, it
    barely moves when other work shares the cores, so it is the steadier figure on a
    busy machine."""
    import time

    from django.db import connections

    connection = connections[using]
    total = time.process_time()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")
    return total


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Linux {platform.release()}, Python {platform.python_version()}"


# -- measuring -----------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def interleaved_rounds(
    methods: dict[str, Callable[[], int]], rounds: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Run every method once per round, rotating the order each round, so drifting noise
    (the other tenant of a shared core, the OS) lands on every side alike. Each method
    returns how many items it processed; the result is items/s per method per round."""
    import gc
    import time

    names = list(methods)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for r in range(warmup + rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        if r % 2:
            order.reverse()
        for name in order:
            gc.collect()
            started = time.perf_counter()
            count = methods[name]()
            seconds = time.perf_counter() - started
            if r >= warmup:
                rates[name].append(count / seconds)
    return rates


def paired_ratio(rates: dict[str, list[float]], subject: str, baseline: str) -> float:
    """Median over rounds of subject/baseline measured in the same round."""
    return median([s / b for s, b in zip(rates[subject], rates[baseline], strict=True)])


# -- parent / child plumbing --------------------------------------------------------------
def child_args(description: str, extra: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if extra:
        extra(parser)
    parser.add_argument("--db", choices=DATABASES, action="append", help="database(s) to run on (default: both)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the work per round (default 1.0)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON only")
    return parser.parse_args()


def emit(result: dict[str, Any]) -> None:
    """How a child hands its result to the parent: one marked JSON line on stdout."""
    print(RESULT_MARK + json.dumps(result), flush=True)


def run_per_database(script: str, kinds: list[str] | None, extra: list[str]) -> list[dict[str, Any]]:
    """Run `script --child --db KIND` for each database kind; collect their results."""
    results = []
    for kind in kinds or list(DATABASES):
        if kind == "postgres" and (reason := pg_available()):
            print(f"[{Path(script).name}] PostgreSQL skipped: {reason}", file=sys.stderr)
            results.append({"db": "postgres", "skipped": reason})
            continue
        print(f"[{Path(script).name}] running on {kind} ...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [sys.executable, script, "--child", "--db", kind, *extra],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        found = [line[len(RESULT_MARK) :] for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if proc.returncode or not found:
            sys.stderr.write(proc.stdout)
            raise SystemExit(f"{script} --db {kind} failed (exit {proc.returncode})")
        results.append(json.loads(found[-1]))
    return results


def stamp() -> dict[str, str]:
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}


@contextmanager
def fresh_database(kind: str, tag: str, aliases: tuple[str, ...] = ()) -> Iterator[None]:
    """A child process's database: created and migrated, Django set up on it, dropped after.
    Each of `aliases` is one more such database (tag + "-" + alias), under that alias."""
    tags = {alias: f"{tag}-{alias}" for alias in aliases}
    url = create_database(kind, tag)
    try:
        setup_django(url, {alias: create_database(kind, t) for alias, t in tags.items()})
        yield
    finally:
        drop_database(kind, tag)
        for t in tags.values():
            drop_database(kind, t)


def print_results(results: list[dict[str, Any]], *, as_json: bool, report: Callable[[list[dict[str, Any]]], str]) -> None:
    """The parent process's output: the Markdown report, or the raw figures as JSON."""
    if as_json:
        import json

        print(json.dumps(results, indent=2))
    else:
        print(report(results))
