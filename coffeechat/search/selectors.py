"""Searching the user's own index entries: ranked hits with their matches highlighted."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from coffeechat.search import query as q
from coffeechat.search.index import (
    BY_KIND,
    ENTRY_TABLE,
    FTS_TABLE,
    SOURCES,
    TS_CONFIG,
    id_range,
)

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


# Each source is ranked on its own, over its newest WINDOW matching entries (its entries
# are one range of ids), and the best of all sources make the page. Ranking every match
# of a word found in a third of 300,000 notes takes hundreds of milliseconds; a window
# keeps it to a few, and a person named like the word still ranks first, since people
# are not crowded out of the window by notes.
WINDOW = 1000


def _sqlite_branch(source) -> str:
    low, high = id_range(source)
    t = FTS_TABLE
    return f"""SELECT * FROM (
    SELECT kind, object_id, link_id,
           highlight({t}, 4, %(open)s, %(close)s), highlight({t}, 5, %(open)s, %(close)s),
           snippet({t}, 6, %(open)s, %(close)s, '…', {SNIPPET_WORDS}), -{_BM25} AS score,
           rowid AS id
    FROM {t}
    WHERE {t} MATCH %(match)s AND rowid BETWEEN coalesce((
        SELECT rowid FROM {t} WHERE {t} MATCH %(match)s AND rowid BETWEEN {low} AND {high}
        ORDER BY rowid DESC LIMIT 1 OFFSET {WINDOW - 1}), {low}) AND {high}
    ORDER BY score DESC, rowid LIMIT %(depth)s)"""


_SQLITE_PAGE = (
    "\nUNION ALL\n".join(_sqlite_branch(source) for source in SOURCES)
    + "\nORDER BY score DESC, id LIMIT %(limit)s OFFSET %(offset)s"
)
_SQLITE_COUNTS = "\nUNION ALL\n".join(
    f"SELECT '{source.kind}', count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %(match)s "
    f"AND rowid BETWEEN {id_range(source)[0]} AND {id_range(source)[1]}"
    for source in SOURCES
)


def _sqlite_match(terms: q.Terms, owner: int) -> str:
    # The owner's id is a word of the owner_id column; the user's words are looked for in
    # the text columns only.
    return f'owner_id : "{int(owner)}" AND {{title about body}} : ({q.fts5_match(terms)})'


def _escaped(column: str) -> str:
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


_WHOLE = f'StartSel="{OPEN}", StopSel="{CLOSE}", HighlightAll=true'
_EXCERPT = (
    f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords={SNIPPET_WORDS}, MinWords=8, ShortWord=0, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


_TSQUERY = f"to_tsquery('{TS_CONFIG}', %(terms)s)"


def _postgres_start(source) -> str:
    low, high = id_range(source)
    return f"""coalesce((
        SELECT w.id FROM {ENTRY_TABLE} w
        WHERE w.owner_id = %(owner)s AND w.document @@ {_TSQUERY} AND w.id BETWEEN {low} AND {high}
        ORDER BY w.id DESC OFFSET {WINDOW - 1} LIMIT 1), {low})"""


def _postgres_branch(source) -> str:
    return f"""(SELECT e.id, e.kind, e.object_id, e.link_id, e.title, e.about, e.body,
           ts_rank_cd(e.document, {_TSQUERY}) AS score
    FROM {ENTRY_TABLE} e
    WHERE e.owner_id = %(owner)s AND e.document @@ {_TSQUERY}
      AND e.id BETWEEN %(from_{source.kind})s AND {id_range(source)[1]}
    ORDER BY score DESC, e.id LIMIT %(depth)s)"""


# Two steps, so that the planner sees where each window starts as a number: it then
# walks the ids of a source whose window is dense with matches (a common word) and uses
# the GIN index where matches are few. The query text is a constant too (psycopg binds
# on the client), so the planner can estimate how common its words are.
_POSTGRES_STARTS = "SELECT " + ",\n".join(_postgres_start(source) for source in SOURCES)
_POSTGRES_BRANCHES = "\nUNION ALL\n".join(_postgres_branch(source) for source in SOURCES)
# The page is cut first, then headlines are built for its rows only (ts_headline
# re-parses the text, the costly part). ts_headline drops whatever looks like an HTML
# tag, so it is given the text with < > & escaped, and they come back as they were.
_POSTGRES_PAGE = f"""
WITH page AS (
    SELECT * FROM (
{_POSTGRES_BRANCHES}
    ) hits
    ORDER BY score DESC, id LIMIT %(limit)s OFFSET %(offset)s
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
    return getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None


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
            params = {"open": OPEN, "close": CLOSE, "match": _sqlite_match(terms, owner)}
            cursor.execute(_SQLITE_PAGE, {**params, **window})
        elif connection.vendor == "postgresql":
            params = {"terms": q.tsquery(terms), "owner": owner}
            cursor.execute(_POSTGRES_STARTS, params)
            starts = cursor.fetchone()
            params.update(
                (f"from_{src.kind}", start) for src, start in zip(SOURCES, starts, strict=True)
            )
            cursor.execute(
                _POSTGRES_PAGE, {**params, **window, "whole": _WHOLE, "excerpt": _EXCERPT}
            )
        else:
            return []
        escaped = connection.vendor == "postgresql"
        return [_hit(*row[:7], escaped=escaped) for row in cursor.fetchall()]


def search_counts(*, actor, query: str) -> dict[str, int]:
    """How many of the actor's entries match, by kind (in SOURCES order, none left out)."""
    terms = q.terms(query)
    owner = _owner_id(actor)
    counts = {source.kind: 0 for source in SOURCES}
    if not terms or owner is None:
        return counts
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(_SQLITE_COUNTS, {"match": _sqlite_match(terms, owner)})
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT kind, count(*) FROM {ENTRY_TABLE} "
                f"WHERE owner_id = %(owner)s AND document @@ {_TSQUERY} GROUP BY kind",
                {"owner": owner, "terms": q.tsquery(terms)},
            )
        else:
            return counts
        counts.update(cursor.fetchall())
    return counts
