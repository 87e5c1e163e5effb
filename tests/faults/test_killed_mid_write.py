"""Kill the server while writes are in flight: the database must stay consistent.

The real `coffeechat serve` (gunicorn, several workers) on a file SQLite database,
several clients opening interviews and moving them (each a multi-row transaction), and
SIGKILL to the whole server while they run. Afterwards SQLite's integrity check passes and
every interview is whole: it has its stage history, its stage is the last move's, and a
held one has its meeting on the timeline.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).with_name("coffeechat")
PASSWORD = "kill-test-passphrase-7"


def _run(home, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(COFFEECHAT_HOME=str(home), COFFEECHAT_USER="killer")
    return subprocess.run(
        [str(BIN), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A tiny cookie-keeping HTTP client that posts forms with their CSRF token."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=5) as response:
            return response.read().decode()

    def post(self, path, data):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=5) as response:
            return response.geturl(), response.read().decode()

    def login(self):
        self.get("/accounts/login/")
        url, _ = self.post("/accounts/login/", {"username": "killer", "password": PASSWORD})
        assert not url.endswith("/accounts/login/"), "login failed"


def _writer(base, person_id, stop):
    browser = Browser(base)
    try:
        browser.login()
        while not stop.is_set():
            url, _ = browser.post(
                f"/people/{person_id}/interviews/new/",
                {"purpose": "explore", "minutes": "20", "format": "video", "place": ""},
            )
            interview = re.search(r"/interviews/(\d+)/", url).group(1)
            for stage in ("requested", "held", "thanked"):
                browser.post(f"/interviews/{interview}/move/", {"to_stage": stage})
    except Exception:  # noqa: BLE001 (the server is killed under it: expected)
        return


def _wait_for_interviews(path, *, at_least, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(path, timeout=10) as db:
            if db.execute("SELECT count(*) FROM interviews_interview").fetchone()[0] >= at_least:
                return
        time.sleep(0.2)
    raise AssertionError("the writers made too little progress")


def test_killing_the_server_mid_write_leaves_every_interview_whole(tmp_path):
    _run(tmp_path, "user", "add", "killer", "--password-stdin", stdin=PASSWORD + "\n")
    _run(tmp_path, "people", "add", "Dana Whitfield", "--org", "City Climate Office")
    person_id = 1

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COFFEECHAT_HOME"] = str(tmp_path)
    server = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port), "--workers", "3"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        stop = threading.Event()
        writers = [threading.Thread(target=_writer, args=(base, person_id, stop)) for _ in range(6)]
        for thread in writers:
            thread.start()
        # Let writes pile up (logins are slow on purpose: PBKDF2), then pull the plug
        # on every process of the server at once.
        _wait_for_interviews(tmp_path / "coffeechat.sqlite3", at_least=10)
        time.sleep(0.5)
        os.killpg(server.pid, signal.SIGKILL)
        stop.set()
        for thread in writers:
            thread.join(timeout=10)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)

    db = sqlite3.connect(tmp_path / "coffeechat.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    interviews = db.execute("SELECT id, stage FROM interviews_interview").fetchall()
    assert len(interviews) > 3, "too few writes happened before the kill to prove anything"
    for interview_id, stage in interviews:
        history = db.execute(
            "SELECT to_stage FROM interviews_stagechange WHERE interview_id = ? "
            "ORDER BY at DESC, id DESC",
            (interview_id,),
        ).fetchall()
        assert history, f"interview {interview_id} has no stage history"
        assert history[0][0] == stage, (
            f"interview {interview_id} is {stage}, history says {history[0][0]}"
        )
        if stage in ("held", "thanked"):
            meetings = db.execute(
                "SELECT count(*) FROM network_interaction WHERE interview_id = ? AND kind = 'call'",
                (interview_id,),
            ).fetchone()[0]
            assert meetings == 1, f"held interview {interview_id} lost its meeting"
