"""Serve the app with gunicorn, configured from code so `coffeechat serve` needs no files."""

from __future__ import annotations

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


def serve(*, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            # Threads let a slow request (a big export later) not hold a whole worker.
            "worker_class": "gthread",
            "threads": threads,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "graceful_timeout": 5,
        }
    ).run()
