"""Keeping the database fit for its queries."""

from django.db import connection


def refresh_statistics() -> None:
    """Give SQLite's planner statistics, as PostgreSQL's autovacuum does on its own.

    Without them SQLite assumes every index is selective, and for a single user an
    index on `owner` matches every row: it would walk the whole table where the index
    on the person would find a handful. A sampled ANALYZE takes milliseconds.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
