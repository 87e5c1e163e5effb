"""Helpers for driving the `coffeechat` command in-process and as a real program.

In-process runs call coffeechat.cli.main() inside pytest-django's test database (the
command uses the same connection, so it sees the test's data) and read what it wrote
through capsys: Rich's console resolves sys.stdout when it prints, so capsys sees it.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from coffeechat.cli import main

COFFEECHAT = Path(sys.prefix) / "bin" / "coffeechat"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "subprocess: runs the installed coffeechat program with its own COFFEECHAT_HOME"
    )


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        assert self.code == 0, self.err
        return json.loads(self.out)

    @property
    def error(self) -> str:
        """The one error line, after checking it is exactly one line and nothing else."""
        assert self.code != 0, f"expected a refusal, got exit 0 with {self.out!r}"
        assert self.err.startswith("coffeechat: error: "), self.err
        assert self.err.strip().count("\n") == 0, f"more than one line on stderr: {self.err!r}"
        assert "Traceback" not in self.err
        assert self.out == "", f"a refusal printed to stdout: {self.out!r}"
        return self.err.strip()


@pytest.fixture(autouse=True)
def _cli_environment(monkeypatch):
    # Nobody's shell settings leak in: no default user, and a wide terminal so Rich
    # tables do not wrap the names and titles the tests look for.
    monkeypatch.delenv("COFFEECHAT_USER", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def cli(db, capsys, monkeypatch):
    """Run `coffeechat ARGS...` in-process: cli("people", "list", stdin="...")."""

    def run(*args, stdin: str | None = None) -> Result:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def program_env(home: Path) -> dict[str, str]:
    """The environment of a real `coffeechat` process: a fresh SQLite world in `home`."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "COFFEECHAT_USER", "COFFEECHAT_ENV", "COFFEECHAT_SECRET_KEY"):
        env.pop(name, None)
    env["COFFEECHAT_HOME"] = str(home)
    return env


@pytest.fixture
def program(tmp_path):
    """Run the installed `coffeechat` as its own process against an empty COFFEECHAT_HOME."""
    home = tmp_path / "home"

    def run(*args, stdin: str = "", env: dict[str, str] | None = None) -> Result:
        done = subprocess.run(
            [str(COFFEECHAT), *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            env={**program_env(home), **(env or {})},
            timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    run.home = home
    return run


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
