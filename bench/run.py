"""`make bench`: build workspaces of several sizes and time the main pages on each.

The parent process runs one child per size (`python -m bench.run --one XL`), each
with its own settings and a fresh database: a temporary COFFEECHAT_HOME for SQLite,
or a dedicated database on the server DATABASE_URL points at. Children report JSON;
the parent prints the table and checks the issue's targets. A benchmark, not a test:
missed targets are reported, not failed; only a broken run exits non-zero.

Every page is timed twice in the same run: the full request through Django's test
client, and the raw SQL that request ran, replayed on a bare cursor. The gap is
Python time (ORM, rules, templates); the raw figure is the floor the database sets.

Then bench.imports times a 30,000-row LinkedIn import and a 30,000-card vCard import
beside raw sqlite3 inserts of the same rows (`--no-imports` skips them).

In each size's child, after the pages, bench.paths times loading the bench user's
who-knows-whom graph and 50 warm-path questions on it, beside NetworkX and SciPy
breadth-first searches of the same graph (`--no-paths` skips them); then bench.search
times 50 queries through `search_for` beside a LIKE scan of the same sources
(`--no-search` skips it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench import imports, paths, search
from bench.sizes import size_named

PROJECT_DIR = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150.0
TARGET_AT = "XL"
TARGET_TODAY_RATIO = 1.5
WARMUPS = 5
PLANS_KEPT = 3
BENCH_DB_PREFIX = "coffeechat_bench"


class BenchError(RuntimeError):
    """The benchmark itself is broken (a page failed), as opposed to slow."""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low = math.floor(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95), "n": len(values)}


# --- child: one size, one database ------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page to time. `url` gets the workspace and the repeat's index, so a page
    can visit different rows across repeats, deterministically."""

    name: str
    url: Callable[[object, int], str]


def _pages() -> tuple[Page, ...]:
    from django.urls import reverse

    def busy_person(ws, i: int) -> str:
        return reverse("person-detail", args=[ws.busy_people[i % len(ws.busy_people)]["pk"]])

    # Later measurements add a Page here (or a sibling of measure_page for non-pages).
    return (
        Page("today", lambda ws, i: reverse("today")),
        Page("people-list", lambda ws, i: reverse("people-list")),
        Page("person", busy_person),
    )


@dataclass
class Statement:
    sql: str
    params: object
    readable: str  # as CaptureQueriesContext shows it, parameters filled in
    times: list[float] = field(default_factory=list)


@dataclass
class Captured:
    """What one request ran: every read, to replay, and how many statements in all."""

    reads: list[Statement]
    total: int

    @property
    def writes(self) -> int:
        return self.total - len(self.reads)


def _is_read(sql: str) -> bool:
    return sql.lstrip().split(None, 1)[0].upper() in {"SELECT", "WITH"}


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        where = response.get("Location", "")
        raise BenchError(
            f"GET {url} returned {response.status_code}{' to ' + where if where else ''}; "
            "the benchmark times pages that work"
        )
    return response


def _capture(client, url: str) -> Captured:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    driver = []

    # CaptureQueriesContext records SQL with the parameters interpolated for display;
    # replaying that text could differ from what ran (quoting, Postgres plans), so
    # the statements as the driver got them are recorded alongside, one for one.
    def record(execute, sql, params, many, context):
        driver.append((sql, params, many))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(record):
        _get(client, url)
    shown = [q["sql"] for q in queries.captured_queries]
    assert len(shown) == len(driver), "every statement goes through both recorders"
    # Writes on a GET (a session save, say) are counted but not replayed: replaying
    # an INSERT fifty times would change the data under the pages being timed.
    reads = [
        Statement(sql, params, text)
        for (sql, params, many), text in zip(driver, shown, strict=True)
        if not many and _is_read(sql)
    ]
    return Captured(reads=reads, total=len(driver))


def _replay(captured: Captured, *, record: bool = True) -> float:
    from django.db import connection

    # If the request closed its connection, opening one again is part of the page's
    # cost, not of its SQL.
    connection.ensure_connection()
    clock = time.perf_counter
    started = clock()
    with connection.cursor() as cursor:
        for statement in captured.reads:
            t = clock()
            cursor.execute(statement.sql, statement.params)
            cursor.fetchall()  # the page reads every row, so the baseline does too
            if record:
                statement.times.append(clock() - t)
    return (clock() - started) * 1000


def _plan(statement: Statement) -> list[str]:
    """The query plan, to tell an index range from a scan at a glance."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement.sql, statement.params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + statement.sql, statement.params)
        return [row[0] for row in cursor.fetchall()]


def measure_page(ws, page: Page, repeat: int) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(ws.user)
    urls = [page.url(ws, i) for i in range(repeat)]
    for i in range(WARMUPS):
        _get(client, urls[i % len(urls)])
    # Captured after the warm-ups, so one-off work (first session read, caches) is not in it.
    captured = {url: _capture(client, url) for url in dict.fromkeys(urls)}
    for i in range(WARMUPS):
        _replay(captured[urls[i % len(urls)]], record=False)

    page_ms, raw_ms, size_kb = [], [], []
    clock = time.perf_counter
    # Interleaved, so both figures see the same machine state at each repeat.
    for url in urls:
        started = clock()
        response = _get(client, url)
        page_ms.append((clock() - started) * 1000)
        size_kb.append(len(response.content) / 1024)
        raw_ms.append(_replay(captured[url]))

    # Grouped by the SQL before parameters, so the same query for ten people counts
    # once, with all its timings.
    shapes: dict[str, tuple[Statement, list[float]]] = {}
    for c in captured.values():
        for s in c.reads:
            shapes.setdefault(s.sql, (s, []))[1].extend(s.times)
    ranked = sorted(shapes.values(), key=lambda pair: -percentile(pair[1], 0.5))
    slowest = [
        {
            "p50_ms": percentile(times, 0.5) * 1000,
            "sql": s.readable,
            "plan": _plan(s) if n < PLANS_KEPT else [],
        }
        for n, (s, times) in enumerate(ranked[:5])
    ]
    counts = [c.total for c in captured.values()]
    return {
        "page": page.name,
        "urls": list(captured),
        "ms": summary(page_ms),
        "raw_sql_ms": summary(raw_ms),
        "queries": {"min": min(counts), "max": max(counts)},
        "writes_on_get": max(c.writes for c in captured.values()),
        "kb": round(max(size_kb), 1),
        "slowest_sql": slowest[:5],
    }


def _database_label() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def run_one(
    size_name: str,
    repeat: int,
    seed: int,
    with_paths: bool = True,
    with_search: bool = True,
    index_build: str = "rebuild",
) -> dict:
    url = os.environ.get("DATABASE_URL")
    if url and not urlsplit(url).path.lstrip("/").startswith(BENCH_DB_PREFIX):
        # The build creates a "bench" user and 500,000 rows: never in a real database.
        raise BenchError(f"--one refuses a database not named {BENCH_DB_PREFIX}*; run bench.run")
    if not url and not os.environ.get("COFFEECHAT_HOME"):
        os.environ["COFFEECHAT_HOME"] = tempfile.mkdtemp(prefix="coffeechat-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")

    import django

    django.setup()
    from django.core.management import call_command

    from bench import workspace

    size = size_named(size_name)
    call_command("migrate", verbosity=0)
    ws = workspace.build(size, seed=seed, index=index_build)
    workspace.log(f"built {size.name} in {ws.build_seconds:.1f}s; timing {repeat} requests a page")
    pages = []
    load = [os.getloadavg()[0]]
    for page in _pages():
        pages.append(measure_page(ws, page, repeat))
        load.append(os.getloadavg()[0])
        workspace.log(f"  [{size.name}] timed {page.name}: p95 {pages[-1]['ms']['p95']:.1f} ms")
    warm_paths = paths.measure(ws, seed=seed) if with_paths else None
    load.append(os.getloadavg()[0])
    searched = search.measure(ws, seed=seed) if with_search else None
    load.append(os.getloadavg()[0])
    return {
        "size": size.name,
        "describe": size.describe(),
        "database": _database_label(),
        "build_seconds": round(ws.build_seconds, 1),
        "index_build": index_build,
        "counts": ws.counts,
        "busy_people": ws.busy_people,
        "repeat": repeat,
        # The 1-minute load average around the timing: other work on a 2-core machine
        # shows up in p95 first, so the report says when the figures are suspect.
        "max_load": max(load),
        "pages": pages,
        "paths": warm_paths,
        "search": searched,
    }


# --- parent: one child per size, then the report ------------------------------------


@contextmanager
def _fresh_database(size_name: str, keep: bool) -> Iterator[dict]:
    """The environment a child needs for an empty database of its own."""
    env = dict(os.environ)
    # Production settings would redirect to HTTPS and DEBUG would log every query:
    # neither is what a local user's page costs.
    env["COFFEECHAT_ENV"] = "local"
    env["COFFEECHAT_DEBUG"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    # A fresh home even on PostgreSQL, where it only holds the secret key: the
    # benchmark must not leave files in the user's own data folder.
    home = tempfile.mkdtemp(prefix=f"coffeechat-bench-{size_name.lower()}-")
    env["COFFEECHAT_HOME"] = home
    url = os.environ.get("DATABASE_URL")
    name = f"{BENCH_DB_PREFIX}_{size_name.lower()}"
    if url:
        parts = urlsplit(url)
        # Connect to the database the URL names, only to create and drop ours beside it.
        admin_url = parts._replace(scheme="postgresql").geturl()
        _postgres(admin_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
        _postgres(admin_url, "CREATE DATABASE {}", name)
        env["DATABASE_URL"] = parts._replace(path="/" + name).geturl()
    try:
        yield env
    finally:
        if keep:
            where = f"database {name}" if url else f"folder {home}"
            print(f"kept the {size_name} workspace: {where}", file=sys.stderr)
        else:
            if url:
                _postgres(admin_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
            shutil.rmtree(home, ignore_errors=True)


def _postgres(url: str, statement: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL(statement).format(sql.Identifier(name)))


def run_size(size_name: str, args) -> dict:
    with _fresh_database(size_name, args.keep) as env:
        fd, result_path = tempfile.mkstemp(prefix="coffeechat-bench-", suffix=".json")
        os.close(fd)
        try:
            command = [sys.executable, "-m", "bench.run", "--one", size_name]
            command += ["--repeat", str(args.repeat), "--seed", str(args.seed)]
            command += ["--result-file", result_path]
            if args.no_paths:
                command.append("--no-paths")
            if args.no_search:
                command.append("--no-search")
            command += ["--index-build", args.index_build]
            completed = subprocess.run(command, env=env, cwd=PROJECT_DIR, check=False)
            if completed.returncode != 0:
                raise BenchError(f"the {size_name} run failed (exit {completed.returncode})")
            return json.loads(Path(result_path).read_text())
        finally:
            os.unlink(result_path)


def _find(results: list[dict], size: str, page: str) -> dict | None:
    for result in results:
        if result["size"] == size:
            for measured in result["pages"]:
                if measured["page"] == page:
                    return measured
    return None


def _shorten(sql: str, limit: int = 600) -> str:
    # The column list is the long, uninformative part; FROM and WHERE say why it is slow.
    sql = re.sub(r"^SELECT (DISTINCT )?.+? FROM ", r"SELECT \1... FROM ", sql, count=1)
    return sql if len(sql) <= limit else sql[: limit - 3] + "..."


def report(results: list[dict], verbose: bool = False) -> str:
    lines = []
    if results:
        first = results[0]
        lines.append(
            f"{first['database']}, Python {platform.python_version()}, {os.cpu_count()} cores, "
            f"{first['repeat']} timed requests a page after {WARMUPS} warm-ups"
        )
    for result in results:
        counts, busy = result["counts"], result["busy_people"]
        lines.append(
            f"{result['size']}: {result['describe']}; built in {result['build_seconds']} s "
            f"(search index: {result.get('index_build', 'rebuild')})"
        )
        lines.append(
            f"    Today's backlog: {counts['today_due_interviews']:,} interviews and "
            f"{counts['today_due_people']:,} people due; person page: {len(busy)} busy people, "
            f"{min(b['interactions'] for b in busy)}-{max(b['interactions'] for b in busy)} "
            f"interactions and {min(b['links'] for b in busy)}-{max(b['links'] for b in busy)} "
            "links each"
        )
    lines.append("")
    header = (
        f"{'size':<5} {'page':<12} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'raw-SQL p50':>12} {'raw-SQL p95':>12} {'queries':>8} {'KB':>6}"
    )
    lines += [header, "-" * len(header)]
    for result in results:
        for m in result["pages"]:
            q = m["queries"]
            queries = str(q["max"]) if q["min"] == q["max"] else f"{q['min']}-{q['max']}"
            lines.append(
                f"{result['size']:<5} {m['page']:<12} "
                f"{m['ms']['p50']:>7.1f} {m['ms']['p95']:>7.1f} "
                f"{m['raw_sql_ms']['p50']:>12.2f} {m['raw_sql_ms']['p95']:>12.2f} "
                f"{queries:>8} {m['kb']:>6.0f}"
            )
            if m["writes_on_get"]:
                lines.append(f"      note: {m['page']} wrote {m['writes_on_get']} times on a GET")
    lines.append("")
    cores = os.cpu_count() or 1
    busiest = max(results, key=lambda r: r["max_load"], default=None)
    if busiest and busiest["max_load"] > 0.75 * cores:
        lines.append(
            f"warning: load average reached {busiest['max_load']:.1f} on {cores} cores while "
            f"timing {busiest['size']}: other work was running, p95 figures are inflated"
        )

    small, large = _find(results, "S", "today"), _find(results, TARGET_AT, "today")
    if small and large:
        ratio = large["ms"]["p95"] / small["ms"]["p95"]
        verdict = "PASS" if ratio <= TARGET_TODAY_RATIO else "FAIL"
        lines.append(
            f"Today {TARGET_AT} / Today S p95 = {ratio:.2f} "
            f"(target <= {TARGET_TODAY_RATIO}): {verdict}"
        )
    else:
        lines.append(f"Today {TARGET_AT} / Today S: needs both sizes S and {TARGET_AT} in --sizes")
    target_run = next((r for r in results if r["size"] == TARGET_AT), None)
    if target_run:
        verdicts = []
        for m in target_run["pages"]:
            p95 = m["ms"]["p95"]
            verdicts.append(f"{m['page']} {'PASS' if p95 < TARGET_P95_MS else 'FAIL'} ({p95:.1f})")
        lines.append(
            f"targets, p95 < {TARGET_P95_MS:.0f} ms at {TARGET_AT}: " + ", ".join(verdicts)
        )
    else:
        lines.append(f"targets, p95 < {TARGET_P95_MS:.0f} ms: apply at {TARGET_AT}, not run")

    for part in (paths.report(results), search.report(results)):
        if part:
            lines += ["", part]

    if verbose:
        for result in results:
            for m in result["pages"]:
                lines.append(f"\n{result['size']} {m['page']}: slowest statements (p50 ms)")
                for s in m["slowest_sql"][:PLANS_KEPT]:
                    lines.append(f"  {s['p50_ms']:8.2f}  {_shorten(s['sql'])}")
                    lines += [f"{'':12}plan: {step}" for step in s["plan"]]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Time Today, the people list and a person page on generated workspaces.",
    )
    parser.add_argument(
        "--sizes", default="S,XL", help="comma-separated: S, M, XL (default S,XL; '' for none)"
    )
    parser.add_argument(
        "--repeat", type=int, default=50, help=f"timed requests a page, after {WARMUPS} warm-ups"
    )
    parser.add_argument("--json-out", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--keep", action="store_true", help="keep each size's database instead of deleting it"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the data generator")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also print the slowest SQL per page"
    )
    parser.add_argument(
        "--no-imports", action="store_true", help="skip the LinkedIn and vCard import timings"
    )
    parser.add_argument(
        "--no-paths",
        action="store_true",
        help="skip the warm-path timings (graph load, path query, NetworkX and SciPy)",
    )
    parser.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search timings (search_for beside a LIKE scan)",
    )
    parser.add_argument(
        "--index-build",
        choices=("rebuild", "triggers"),
        default="rebuild",
        help="fill the search index in one pass after the rows (default), or through its "
        "triggers as each row is written",
    )
    parser.add_argument("--one", metavar="SIZE", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        args.size_names = [size_named(n).name for n in args.sizes.split(",") if n.strip()]
    except ValueError as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.one:
        result = run_one(
            args.one,
            args.repeat,
            args.seed,
            with_paths=not args.no_paths,
            with_search=not args.no_search,
            index_build=args.index_build,
        )
        text = json.dumps(result, indent=2, default=str)
        if args.result_file:
            args.result_file.write_text(text)
        else:
            print(text)
        return 0

    results = []
    try:
        for name in args.size_names:
            results.append(run_size(name, args))
    except BenchError as error:
        print(report(results, args.verbose), flush=True)
        print(f"\nbenchmark broken: {error}", file=sys.stderr)
        return 1
    if results:
        print(report(results, args.verbose), flush=True)
    record: dict = {"results": results}
    if not args.no_imports:
        try:
            record["imports"] = imports.run(seed=args.seed, keep=args.keep)
        except imports.ImportBenchError as error:
            print(f"\nbenchmark broken: {error}", file=sys.stderr)
            return 1
        print(("\n" if results else "") + imports.report(record["imports"]))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(record, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
