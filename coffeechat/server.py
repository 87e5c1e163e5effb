"""Serve the app with gunicorn, configured from code so `coffeechat serve` needs no files."""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from coffeechat.wsgi import application

        return application


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def serve(*, host: str, port: int, workers: int | None = None) -> None:
    from django.db import connections

    # The schema check ran in this process; a connection inherited across fork would be
    # shared by every worker, and their queries would read each other's replies.
    connections.close_all()
    _Server(
        {
            "bind": f"{host}:{port}",
            # Sync workers take a connection only when free, so the load spreads evenly
            # over the processes; threaded workers holding keep-alive connections left
            # one process (one core, with the GIL) doing most of the work.
            "workers": workers or default_workers(),
            "worker_class": "sync",
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "graceful_timeout": 5,
        }
    ).run()
