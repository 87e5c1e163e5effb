"""`make load`: the app under 20 simulated users, on SQLite and on PostgreSQL.

For each back end: a fresh database seeded with one account per simulated user, the app
served by `coffeechat serve` (gunicorn, several workers) on 127.0.0.1, Locust driving it
for a fixed time, then the figures: requests/s, p50/p95, errors, "database is locked".
Bounded in time and sent only to the loopback address.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
TARGET_RPS, TARGET_P95_MS = 100, 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(name: str) -> str:
    import psycopg

    admin_url = os.environ.get("LOAD_POSTGRES_ADMIN_URL", POSTGRES_ADMIN)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.3)


def run_backend(backend: str, args) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"coffeechat-load-{backend}-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COFFEECHAT_HOME"] = str(work)
    if backend == "postgresql":
        env["DATABASE_URL"] = _postgres_database("coffeechat_load")
    seed = work / "seed.json"
    print(f"[{backend}] seeding {args.users} accounts…", file=sys.stderr, flush=True)
    subprocess.run(
        [sys.executable, "-m", "loadtest.seed", "--users", str(args.users), "--out", str(seed)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server_log = open(work / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(BIN / "coffeechat"), "serve", "--port", str(port), "--workers", str(args.workers)],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(url, server)
        print(
            f"[{backend}] {args.users} users for {args.seconds}s against {url}…",
            file=sys.stderr,
            flush=True,
        )
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                url,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**env, "LOAD_SEED": str(seed)},
            check=False,
            timeout=args.seconds + 120,
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        server_log.close()
    with open(work / "locust_stats.csv") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    locked = (work / "server.log").read_text().count("database is locked")
    return {
        "backend": backend,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "locked": locked,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()
    results = [run_backend(b.strip(), args) for b in args.backends.split(",") if b.strip()]
    print(
        f"\nLoad: {args.users} users, 90% reads / 10% writes, {args.seconds} s, "
        f"gunicorn {args.workers} workers, {os.cpu_count()} cores"
    )
    print(
        f"{'back end':<11} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'errors':>6} {'locked':>6}  verdict"
    )
    failed = False
    for r in results:
        ok = (
            r["errors"] == 0
            and r["locked"] == 0
            and r["rps"] >= TARGET_RPS
            and r["p95"] < TARGET_P95_MS
        )
        failed |= not ok
        print(
            f"{r['backend']:<11} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7.0f} "
            f"{r['p95']:>7.0f} {r['errors']:>6} {r['locked']:>6}  "
            f"{'PASS' if ok else 'MISS'}"
        )
    print(
        f"Targets: zero errors, zero 'database is locked', >= {TARGET_RPS} req/s, "
        f"p95 < {TARGET_P95_MS} ms."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
