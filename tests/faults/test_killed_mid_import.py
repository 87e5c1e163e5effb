"""Kill an import halfway: the database stays as it was, and the same import then works.

The real `coffeechat import linkedin` reads a 10,000-row Connections.csv into a workspace
that already has people, one of them in the file without a title. SIGKILL comes once the
import's transaction has started writing its rows to the database file (SQLite spills
them to the write-ahead log before the commit) while a reader still sees none of them.
Afterwards SQLite's integrity check passes, every table holds exactly what it held before,
and running the same import again creates the new people and fills in the one it knew.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="kills a SQLite writer mid-transaction; the program under test uses SQLite here",
)

BIN = Path(sys.executable).with_name("coffeechat")
ROWS = 10_000
KNOWN = 7  # the file's person who is already in the workspace, without a title


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "COFFEECHAT_USER")}
    env.update(COFFEECHAT_HOME=str(home), COFFEECHAT_USER="importer")
    return env


def _run(home: Path, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN), *map(str, args)],
        env=_env(home),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
POSITIONS = [
    "Senior Director of Strategic Partnerships and Business Development, Europe",
    "Principal Software Engineer, Payments Infrastructure and Developer Platform",
    "Head of Customer Research and Insights for Emerging Markets",
    "Associate Product Manager, Growth and Onboarding Experiences",
]


def _connections(path: Path) -> None:
    """A LinkedIn Connections.csv: its notes preamble, then ROWS people at 1,500 companies."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write('Notes:\n"Some of your connections chose not to share their email."\n\n')
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(ROWS):
            writer.writerow(
                [
                    f"Zoë-Maximiliana {i}",
                    f"O'Neill-Featherstonehaugh {i}",
                    f"https://www.linkedin.com/in/person-{i}",
                    f"zoe.maximiliana.oneill.{i}@example.com" if i % 3 else "",
                    f"Company {i % 1500}, Inc.",
                    POSITIONS[i % len(POSITIONS)],
                    "15 Mar 2024",
                ]
            )


def _workspace(path: Path) -> None:
    """People the user had before, with organizations and tags."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Name", "Email", "LinkedIn URL", "Organization", "Title", "Tags"])
        writer.writerow(
            ["Priya Raman", "", f"linkedin.com/in/person-{KNOWN}", "Company 7, Inc.", "", "kept"]
        )
        writer.writerow(["Dana Whitfield", "dana@example.org", "", "City Climate Office", "", ""])
        writer.writerow(["Tomás Ferreira", "", "", "Quayside Health", "Analyst", "kept; mentor"])


def _dump(database: Path) -> dict[str, list[tuple]]:
    """Every row of every table (Django's, SQLite's own bookkeeping included)."""
    with closing(sqlite3.connect(database)) as db:
        # The search index's FTS5 shadow tables (search_fts_data...) are its private
        # storage, some without a rowid; the index's own rows are compared through it.
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("search_fts_")
        ]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def _people(database: Path) -> int:
    with closing(sqlite3.connect(database, timeout=10)) as db:
        return db.execute("SELECT count(*) FROM network_person").fetchone()[0]


def _kill_once_rows_are_written(process: subprocess.Popen, database: Path) -> int:
    """Kill the import once it writes; returns how many people a reader saw just before."""
    wal = database.with_name(database.name + "-wal")
    written_before = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the import ended (exit {process.returncode}) before it could be killed")
        # Pages in the log: the transaction's rows, spilled from SQLite's cache.
        if wal.exists() and wal.stat().st_size > written_before + 64 * 1024:
            visible = _people(database)
            process.kill()
            return visible
        time.sleep(0.01)
    process.kill()
    pytest.fail("the import wrote nothing to the database within 60 s")


def test_killing_an_import_midway_leaves_the_workspace_as_it_was(tmp_path):
    home = tmp_path / "home"
    database = home / "coffeechat.sqlite3"
    _run(home, "user", "add", "importer", "--password-stdin", stdin="import-passphrase-7\n")
    existing = tmp_path / "existing.csv"
    _workspace(existing)
    _run(home, "import", "csv", existing)
    big = tmp_path / "Connections.csv"
    _connections(big)
    before = _dump(database)
    people = len(before["network_person"])
    assert people == 3 and before["network_tag"] and before["network_organization"]

    with (tmp_path / "killed.out").open("w") as out:
        importer = subprocess.Popen(
            [str(BIN), "import", "linkedin", str(big)],
            env=_env(home),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            visible = _kill_once_rows_are_written(importer, database)
        finally:
            importer.kill()
            importer.wait(timeout=10)
    assert importer.returncode == -signal.SIGKILL, (tmp_path / "killed.out").read_text()

    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert visible == people, "another reader saw the import's people before it ended"
    assert _dump(database) == before

    again = _run(home, "import", "linkedin", big, "--json")

    summary = json.loads(again.stdout)
    assert (summary["created"], summary["updated"], summary["rejected"]) == (ROWS - 1, 1, 0)
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM network_person").fetchone() == (people + ROWS - 1,)
        assert db.execute(
            "SELECT title FROM network_person WHERE name = 'Priya Raman'"
        ).fetchone() == (POSITIONS[KNOWN % len(POSITIONS)],)
