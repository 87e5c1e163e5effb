"""The database triggers that keep the search index in step with every write.

What is searchable is coffeechat.search.sources; everything here (the SQLite and
PostgreSQL storage and triggers, a full rebuild) is generated from it.

The index is kept in sync by triggers, not by Python code around `save()`: bulk inserts,
queryset updates and raw SQL (the importer uses all three) go through the database, so
only the database sees every write. A trigger finds a row's entry by primary key (on
SQLite, the FTS table's rowid): the entry's id is computed from the row (sources.py).
"""

from __future__ import annotations

import hashlib

from django.db import connection as default_connection
from django.db import transaction

from coffeechat.search.sources import (
    BY_KIND,
    CASCADES,
    CODES,
    OWNERS,
    ROWS,
    SOURCES,
    Cascade,
    Source,
    watched,
)

FTS_TABLE = "search_fts"  # SQLite: the FTS5 virtual table (and its shadow tables)
ENTRY_TABLE = "search_entry"  # PostgreSQL: a plain table with a generated tsvector
TS_CONFIG = "coffeechat_search"  # PostgreSQL text search configuration
PREFIX = "search_index_"  # every trigger and function this module installs


# --- SQL, shared by both back ends ---------------------------------------------------


def _text(parts: tuple[str, ...]) -> str:
    """Fields one per line: the snippet shows where one ends and the next begins."""
    if not parts:
        return "''"
    return " || '\n' || ".join(f"coalesce({part}, '')" for part in parts)


def _has_text(source: Source) -> str:
    return " OR ".join(f"trim(coalesce({p}, '')) <> ''" for p in (*source.title, *source.body))


def _entry_id(source: Source, row: str) -> str:
    return f"(({row}.owner_id * {CODES} + {source.code}) * {ROWS} + {row}.id)"


def _names(vendor: str) -> tuple[str, str]:
    return (FTS_TABLE, "rowid") if vendor == "sqlite" else (ENTRY_TABLE, "id")


def insert_sql(vendor: str, source: Source, where: str) -> str:
    table, key = _names(vendor)
    return (
        f"INSERT INTO {table} ({key}, kind, object_id, owner_id, link_id, title, about, body) "
        f"SELECT {_entry_id(source, 't')}, '{source.kind}', t.id, t.owner_id, {source.link}, "
        f"{_text(source.title)}, coalesce({source.about}, ''), {_text(source.body)} "
        f"FROM {source.table} t {source.joins} WHERE ({where}) AND ({_has_text(source)}) "
        # Past the ids the scheme holds, a row has no entry rather than failing its write.
        f"AND t.owner_id < {OWNERS} AND t.id < {ROWS}"
    )


def _delete_row(vendor: str, source: Source) -> str:
    table, key = _names(vendor)
    return f"DELETE FROM {table} WHERE {key} = {_entry_id(source, 'OLD')}"


def _delete_where(vendor: str, source: Source, where: str) -> str:
    table, key = _names(vendor)
    return (
        f"DELETE FROM {table} WHERE {key} IN "
        f"(SELECT {_entry_id(source, 't')} FROM {source.table} t WHERE {where})"
    )


def _changed(columns: tuple[str, ...], vendor: str) -> str:
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


def _cascades_of(table: str) -> dict[tuple[str, ...], list[Cascade]]:
    grouped: dict[tuple[str, ...], list[Cascade]] = {}
    for cascade in CASCADES:
        if cascade.table == table:
            grouped.setdefault(cascade.columns, []).append(cascade)
    return grouped


def _reindex(vendor: str, cascade: Cascade) -> list[str]:
    child = BY_KIND[cascade.child]
    return [
        _delete_where(vendor, child, cascade.where),
        insert_sql(vendor, child, cascade.where),
    ]


# --- SQLite --------------------------------------------------------------------------

# Only the three texts are indexed: the owner is in the rowid (see the module's docstring).
SQLITE_STORAGE = f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    kind UNINDEXED, object_id UNINDEXED, owner_id UNINDEXED, link_id UNINDEXED,
    title, about, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
)"""


def _sqlite_triggers() -> list[tuple[str, str]]:
    triggers = []
    for source in SOURCES:
        name = f"{PREFIX}{source.kind}"
        row = insert_sql("sqlite", source, "t.id = NEW.id")
        triggers += [
            (
                f"{name}_insert",
                f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} BEGIN {row}; END",
            ),
            (
                f"{name}_update",
                f"CREATE TRIGGER {name}_update AFTER UPDATE ON {source.table} "
                f"WHEN {_changed(watched(source), 'sqlite')} "
                f"BEGIN {_delete_row('sqlite', source)}; {row}; END",
            ),
            (
                f"{name}_delete",
                f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source.table} "
                f"BEGIN {_delete_row('sqlite', source)}; END",
            ),
        ]
    for table in dict.fromkeys(c.table for c in CASCADES):
        for number, (columns, cascades) in enumerate(_cascades_of(table).items()):
            name = f"{PREFIX}{table}_cascade{number}"
            body = "; ".join(sql for c in cascades for sql in _reindex("sqlite", c))
            triggers.append(
                (
                    name,
                    f"CREATE TRIGGER {name} AFTER UPDATE ON {table} "
                    f"WHEN {_changed(columns, 'sqlite')} BEGIN {body}; END",
                )
            )
    return triggers


# --- PostgreSQL ----------------------------------------------------------------------

# 'simple' (no stemming) rather than 'english': names are not English words ("Rosen"
# must not become "rose"), prefix matching as you type needs the words as written, and
# SQLite's unicode61 does not stem either, so both back ends find the same rows.
# unaccent is a filtering dictionary inside the configuration, not a wrapper around the
# text: ts_headline then parses the original text the same way, so "jose" highlights
# "José" while the snippet keeps the accent. to_tsvector(regconfig, text) is immutable,
# as a generated column needs.
# The parser keeps "dana@example.org" or "example.org/jobs" as one token and drops what
# looks like an HTML tag ("<Dana>"); SQLite's tokenizer splits them into words, so the
# document gets those characters as spaces and both back ends see the same words.
SEPARATORS = "@./:_+~=#<>&"
_POSTGRES_DOCUMENT = " || ".join(
    f"setweight(to_tsvector('{TS_CONFIG}', "
    f"translate({column}, '{SEPARATORS}', '{' ' * len(SEPARATORS)}')), '{weight}')"
    for column, weight in (("title", "A"), ("body", "B"), ("about", "C"))
)
POSTGRES_STORAGE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = pg_catalog.simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG} ALTER MAPPING FOR "
    "word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple",
    f"""CREATE TABLE {ENTRY_TABLE} (
        id bigint PRIMARY KEY,
        kind varchar(20) NOT NULL,
        object_id bigint NOT NULL,
        owner_id bigint NOT NULL,
        link_id bigint NOT NULL,
        title text NOT NULL,
        about text NOT NULL,
        body text NOT NULL,
        document tsvector GENERATED ALWAYS AS ({_POSTGRES_DOCUMENT}) STORED
    )""",
    # The primary key is the other index: a user's entries of one source are a range of it.
    f"CREATE INDEX {ENTRY_TABLE}_document ON {ENTRY_TABLE} USING gin (document)",
]
POSTGRES_STORAGE_DROP = [
    f"DROP TABLE IF EXISTS {ENTRY_TABLE}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TS_CONFIG}",
]


def _postgres_function(source: Source) -> str:
    lines = [
        f"IF TG_OP <> 'INSERT' THEN {_delete_row('postgresql', source)}; END IF;",
        f"IF TG_OP <> 'DELETE' THEN {insert_sql('postgresql', source, 't.id = NEW.id')}; END IF;",
    ]
    for columns, cascades in _cascades_of(source.table).items():
        body = " ".join(f"{sql};" for c in cascades for sql in _reindex("postgresql", c))
        lines.append(
            f"IF TG_OP = 'UPDATE' AND ({_changed(columns, 'postgresql')}) THEN {body} END IF;"
        )
    return "BEGIN\n" + "\n".join(lines) + "\nRETURN NULL;\nEND"


def _postgres_statements() -> list[str]:
    statements = [
        f"CREATE OR REPLACE FUNCTION {PREFIX}truncate() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$BEGIN DELETE FROM {ENTRY_TABLE} WHERE kind = TG_ARGV[0]; RETURN NULL; END$$"
    ]
    for source in SOURCES:
        name = f"{PREFIX}{source.kind}"
        function = f"{name}_sync"
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$\n{_postgres_function(source)}\n$$",
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {source.table} FOR EACH ROW "
            f"WHEN ({_changed(watched(source), 'postgresql')}) EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            # TRUNCATE fires no row triggers (Django's flush, as the test runner uses,
            # truncates every table): empty this source's entries with it.
            f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {source.table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}truncate('{source.kind}')",
        ]
    return statements


def _signature(statements) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]


# --- installing, checking, rebuilding ------------------------------------------------


def storage_exists(connection=None) -> bool:
    connection = connection or default_connection
    table = FTS_TABLE if connection.vendor == "sqlite" else ENTRY_TABLE
    return table in connection.introspection.table_names()


def create_storage(connection=None) -> None:
    """The index's own table, empty and without triggers (the migration runs this)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_STORAGE)
        elif connection.vendor == "postgresql":
            for sql in POSTGRES_STORAGE:
                cursor.execute(sql)


def drop_storage(connection=None) -> None:
    connection = connection or default_connection
    drop_triggers(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT oid::regprocedure::text FROM pg_proc WHERE proname LIKE %s",
                [PREFIX + "%"],
            )
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
            for sql in POSTGRES_STORAGE_DROP:
                cursor.execute(sql)


def _installed(connection) -> tuple[set[str], str]:
    """The names of the triggers in place, and what they were built from."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
            rows = cursor.fetchall()
            return {name for name, _ in rows}, _signature(sorted(sql for _, sql in rows))
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
            [PREFIX + "%"],
        )
        names = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT obj_description(%s::regclass, 'pg_class')", [ENTRY_TABLE])
        return names, cursor.fetchone()[0] or ""


def _expected(vendor: str) -> tuple[set[str], str, list[str]]:
    if vendor == "sqlite":
        triggers = _sqlite_triggers()
        statements = [sql for _, sql in triggers]
        return {name for name, _ in triggers}, _signature(sorted(statements)), statements
    statements = _postgres_statements()
    names = {s.split()[2] for s in statements if s.startswith("CREATE TRIGGER")}
    return names, _signature(statements), statements


def drop_triggers(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                "WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def install_triggers(connection=None) -> None:
    connection = connection or default_connection
    names, signature, statements = _expected(connection.vendor)
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute(f"COMMENT ON TABLE {ENTRY_TABLE} IS '{signature}'")


def triggers_current(connection=None) -> bool:
    connection = connection or default_connection
    expected_names, expected_signature, _ = _expected(connection.vendor)
    names, signature = _installed(connection)
    return names == expected_names and signature == expected_signature


def _fill(connection) -> int:
    total = 0
    with connection.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(insert_sql(connection.vendor, source, "1 = 1"))
            total += max(cursor.rowcount, 0)
        if connection.vendor == "sqlite":
            # One b-tree instead of one per insert batch: faster queries from the start.
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    return total


def rebuild_search_index(connection=None) -> int:
    """Empty the index and fill it again from every source row; returns the entry count.

    The triggers keep the index right as rows change; this is for a database whose
    triggers were missing for a while, or after SOURCES change.
    """
    connection = connection or default_connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return 0
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Recreating is much faster than deleting entries one by one from FTS5.
                cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
                cursor.execute(SQLITE_STORAGE)
            else:
                cursor.execute(f"TRUNCATE {ENTRY_TABLE}")
        return _fill(connection)


def ensure_search_index(connection=None) -> bool:
    """Put the triggers in place and refill the index if they were missing or out of date.

    Runs after every `migrate`. On SQLite, a migration that alters a source table copies
    it into a new table, which loses its triggers; and SOURCES may change with the code.
    Returns whether the index was rebuilt.
    """
    connection = connection or default_connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    tables = set(connection.introspection.table_names())
    index_table = FTS_TABLE if connection.vendor == "sqlite" else ENTRY_TABLE
    if not {index_table, *(source.table for source in SOURCES)} <= tables:
        return False  # migrated part way (or back): no index until the schema is whole
    if triggers_current(connection):
        return False
    with transaction.atomic(using=connection.alias):
        install_triggers(connection)
        rebuild_search_index(connection)
    return True
