"""`coffeechat serve`, and the schema check every command makes, as a real program.

These run the installed `coffeechat` with its own COFFEECHAT_HOME (a fresh SQLite
database in tmp_path, DATABASE_URL removed), so they need no pytest-django database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.cli.conftest import COFFEECHAT, free_port, program_env

pytestmark = pytest.mark.subprocess

START_TIMEOUT = 20


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited with {server.returncode}"
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer 200 within {START_TIMEOUT} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # its own session: gunicorn and its workers
            server.wait(timeout=10)


def test_it_serves_the_web_app_on_the_port_given(tmp_path):
    port = free_port()
    home = tmp_path / "home"
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [str(COFFEECHAT), "serve", "--port", str(port), "--workers", "1"],
        env=program_env(home),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)

        status, page = get(f"http://127.0.0.1:{port}/accounts/login/")

        assert status == 200
        assert "<form" in page
    finally:
        stop(server)
        log.seek(0)
        output = log.read()
        log.close()
    assert f"coffeechat is running at http://127.0.0.1:{port}/" in output
    assert "Traceback" not in output
    assert (home / "coffeechat.sqlite3").exists()


def test_it_brings_the_schema_up_to_date_before_a_command(program):
    # One fresh home for the whole story: each migration of a new database costs seconds.
    first = program("people", "list", "--json")

    # No user yet, but the tables exist: the clear error, not "no such table".
    assert first.code == 1
    assert first.error == (
        "coffeechat: error: there is no user yet; create one with 'coffeechat user add NAME'"
    )
    assert "no such table" not in first.err
    assert (program.home / "coffeechat.sqlite3").exists()

    added = program("user", "add", "alice", "--password-stdin", stdin="correct-horse-battery-7\n")
    assert added.code == 0, added.err
    assert added.out.strip() == "Created user alice."

    listed = program("people", "list", "--json")
    assert listed.code == 0, listed.err
    assert listed.json() == []
