"""Searching the user's own index entries: ranked hits with their matches highlighted."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from coffeechat.search import query as q
from coffeechat.search.index import ENTRY_TABLE, FTS_TABLE, TS_CONFIG
from coffeechat.search.sources import BY_KIND, OWNERS, ROWS, SOURCES, id_range, owner_range

# The engines wrap each match in these; the text is escaped for HTML before they become
# <mark>, so a note's own angle brackets can never open a tag. Private-use characters,
# which no keyboard types.
OPEN, CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
_STRAY = re.compile(f"[{OPEN}{CLOSE}]")
_FIELD_BREAK = re.compile(r"\s*\n\s*")

# Ranking weights: the title counts most, then the body, then whom the entry is about
# (PostgreSQL's ts_rank_cd weighs A, B, C as 1.0, 0.4, 0.2; SQLite's bm25 matches it).
_BM25 = f"bm25({FTS_TABLE}, 0, 0, 0, 0, 10.0, 2.0, 4.0)"
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Hit:
    kind: str  # a Source kind: "person", "note", "debrief"...
    label: str  # "Timeline note"
    title: SafeString  # HTML, matches in <mark>
    about: SafeString  # whom it concerns (HTML, may be empty)
    snippet: SafeString  # HTML, matches in <mark>
    url: str
    rank: float  # higher is better
    object_id: int


def _marked(text: str, *, fields: bool = False) -> SafeString:
    escaped = html.escape(text or "", quote=True)
    if fields:
        escaped = _FIELD_BREAK.sub(" · ", escaped.strip()).strip(" ·")
    return mark_safe(_STRAY.sub("", _MARKED.sub(r"<mark>\1</mark>", escaped)))


def plain(marked: str, start: str = "[", end: str = "]") -> str:
    """A hit's HTML as plain text, the matches between `start` and `end`."""
    text = str(marked).replace("<mark>", start).replace("</mark>", end)
    return html.unescape(text)


def _hit(kind, object_id, link_id, title, about, snippet, rank, escaped=False) -> Hit:
    source = BY_KIND[kind]
    if escaped:  # PostgreSQL's headlines come from escaped text (see _POSTGRES_PAGE)
        title, about, snippet = html.unescape(title), html.unescape(about), html.unescape(snippet)
    about_html = _marked(about)
    return Hit(
        kind=kind,
        label=source.label,
        title=_marked(title) if title.strip() else about_html,
        about=about_html if title.strip() else mark_safe(""),
        snippet=_marked(snippet, fields=True),
        url=source.url(object_id, link_id),
        rank=float(rank),
        object_id=object_id,
    )


# Only each source's newest WINDOW matching entries are ranked (a source's entries are one
# range of ids), and the best of all sources make the page. Ranking every match of a word
# found in a third of 300,000 notes takes hundreds of milliseconds; a window keeps it to
# a few, and a person named like the word still ranks first, since people are not
# crowded out of the window by notes.
WINDOW = 1000


def _bounds(owner: int) -> dict[str, int]:
    """Each source's range of the owner's entry ids, as query parameters."""
    bounds = {}
    for source in SOURCES:
        bounds[f"low_{source.kind}"], bounds[f"high_{source.kind}"] = id_range(source, owner)
    return bounds


def _sqlite_branch(source) -> str:
    t, low, high = FTS_TABLE, f"%(low_{source.kind})s", f"%(high_{source.kind})s"
    return f"""SELECT * FROM (
    SELECT rowid AS id, -{_BM25} AS score FROM {t}
    WHERE {t} MATCH %(match)s AND rowid BETWEEN coalesce((
        SELECT rowid FROM {t} WHERE {t} MATCH %(match)s AND rowid BETWEEN {low} AND {high}
        ORDER BY rowid DESC LIMIT 1 OFFSET {WINDOW - 1}), {low}) AND {high}
    ORDER BY score DESC, rowid LIMIT %(depth)s)"""


# Ranking reads only the index; the highlights, which re-read each entry's text, are
# made afterwards for the page's rows alone.
_SQLITE_RANKED = (
    "\nUNION ALL\n".join(_sqlite_branch(source) for source in SOURCES)
    + "\nORDER BY score DESC, id LIMIT %(limit)s OFFSET %(offset)s"
)
_SQLITE_SHOWN = f"""SELECT rowid, kind, object_id, link_id,
       highlight({FTS_TABLE}, 4, %(open)s, %(close)s),
       highlight({FTS_TABLE}, 5, %(open)s, %(close)s),
       snippet({FTS_TABLE}, 6, %(open)s, %(close)s, '…', {SNIPPET_WORDS})
FROM {FTS_TABLE}
WHERE {FTS_TABLE} MATCH %(match)s AND rowid IN (SELECT value FROM json_each(%(ids)s))"""
_SQLITE_COUNTS = "\nUNION ALL\n".join(
    f"SELECT '{source.kind}', count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %(match)s "
    f"AND rowid BETWEEN %(low_{source.kind})s AND %(high_{source.kind})s"
    for source in SOURCES
)


def _sqlite_page(cursor, match: str, owner: int, window: dict) -> list[tuple]:
    cursor.execute(_SQLITE_RANKED, {"match": match, **_bounds(owner), **window})
    ranked = cursor.fetchall()
    if not ranked:
        return []
    ids = json.dumps([entry_id for entry_id, _score in ranked])
    cursor.execute(_SQLITE_SHOWN, {"match": match, "ids": ids, "open": OPEN, "close": CLOSE})
    shown = {row[0]: row[1:] for row in cursor.fetchall()}
    return [(*shown[entry_id], score) for entry_id, score in ranked if entry_id in shown]


def _escaped(column: str) -> str:
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


_WHOLE = f'StartSel="{OPEN}", StopSel="{CLOSE}", HighlightAll=true'
_EXCERPT = (
    f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords={SNIPPET_WORDS}, MinWords=8, ShortWord=0, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


_TSQUERY = f"to_tsquery('{TS_CONFIG}', %(terms)s)"


# One statement: the GIN index finds the owner's matches once (their ids are one range of
# the key), each source keeps its newest WINDOW, those are ranked, and headlines are built
# for the page's rows only (ts_headline re-parses the text, the costly part). The ids
# reach the ranking as an array, so the planner looks them up by key rather than
# guessing how many there are and reading the whole table to join them.
# ts_headline drops whatever looks like an HTML tag, so it is given the text with < > &
# escaped, and they come back as they were.
_POSTGRES_PAGE = f"""
WITH matched AS MATERIALIZED (
    SELECT id FROM {ENTRY_TABLE}
    WHERE document @@ {_TSQUERY} AND id BETWEEN %(low)s AND %(high)s
), windowed AS (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY id / {ROWS} ORDER BY id DESC) AS n
        FROM matched
    ) newest
    WHERE n <= {WINDOW}
), page AS (
    SELECT e.id, e.kind, e.object_id, e.link_id, e.title, e.about, e.body,
           ts_rank_cd(e.document, {_TSQUERY}) AS score
    FROM {ENTRY_TABLE} e
    WHERE e.id = ANY (ARRAY(SELECT id FROM windowed))
    ORDER BY score DESC, e.id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT page.kind, page.object_id, page.link_id,
       ts_headline('{TS_CONFIG}', {_escaped("page.title")}, {_TSQUERY}, %(whole)s),
       ts_headline('{TS_CONFIG}', {_escaped("page.about")}, {_TSQUERY}, %(whole)s),
       ts_headline('{TS_CONFIG}', {_escaped("page.body")}, {_TSQUERY}, %(excerpt)s),
       page.score
FROM page
ORDER BY page.score DESC, page.id
"""


def _owner_id(actor) -> int | None:
    """The actor's id, if they can have entries (see index.OWNERS)."""
    if not getattr(actor, "is_authenticated", False) or not 0 < actor.pk < OWNERS:
        return None
    return actor.pk


def search_for(*, actor, query: str, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The actor's entries matching every word of `query`, best first.

    Only the actor's own entries are ever read. An empty or wordless query has no hits.
    """
    terms = q.terms(query)
    owner = _owner_id(actor)
    if not terms or owner is None or limit <= 0:
        return []
    offset = max(offset, 0)
    window = {"limit": limit, "offset": offset, "depth": offset + limit}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            rows = _sqlite_page(cursor, q.fts5_match(terms), owner, window)
        elif connection.vendor == "postgresql":
            low, high = owner_range(owner)
            params = {"terms": q.tsquery(terms), "low": low, "high": high, **window}
            cursor.execute(_POSTGRES_PAGE, {**params, "whole": _WHOLE, "excerpt": _EXCERPT})
            rows = cursor.fetchall()
        else:
            return []
    escaped = connection.vendor == "postgresql"
    return [_hit(*row[:7], escaped=escaped) for row in rows]


def search_counts(*, actor, query: str) -> dict[str, int]:
    """How many of the actor's entries match, by kind (in SOURCES order, none left out)."""
    terms = q.terms(query)
    owner = _owner_id(actor)
    counts = {source.kind: 0 for source in SOURCES}
    if not terms or owner is None:
        return counts
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(_SQLITE_COUNTS, {"match": q.fts5_match(terms), **_bounds(owner)})
        elif connection.vendor == "postgresql":
            low, high = owner_range(owner)
            cursor.execute(
                f"SELECT kind, count(*) FROM {ENTRY_TABLE} "
                f"WHERE id BETWEEN %(low)s AND %(high)s AND document @@ {_TSQUERY} GROUP BY kind",
                {"low": low, "high": high, "terms": q.tsquery(terms)},
            )
        else:
            return counts
        counts.update(cursor.fetchall())
    return counts
