"""`make bench`, search: 50 queries through `search_for`, beside a LIKE scan of the same data.

Run in each size's child (bench.run), after the pages and the warm paths, on the
workspace it built (its prose comes from bench.texts):

- The queries: 50, drawn with a seeded RNG from words the workspace holds (read back
  from the database, so they follow whatever bench.texts wrote): people's full names and
  surnames, organization names (their first two words), accented words as written
  ("Zürich", "Müller") and other accented words typed without their accents ("zurich",
  "jose"), single words from the notes, messages and debriefs, two-word phrases, and
  prefixes (the first 3-5 letters of a longer word, as typed so far).
- Ours: `search_for(actor=user, query=q, limit=20)`: ranked, highlighted hits from the
  full-text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL).
- The baseline: what a search box does without an index. For each source the index
  covers (SOURCES, which mirror coffeechat.search.sources.SOURCES), one ORM query with
  `icontains` on each of the text columns that source puts in the index (the person's
  name the entry is "about" included), OR-ed, the same owner filter, the rows that have
  no text of their own left out as the index leaves them out, no ORDER BY (so it may stop
  at the limit: the cheapest a LIKE search can be), the same limit, reading the columns a
  result shows; then merged and cut to the limit. It does not rank; ours does.

WARMUPS untimed queries (other words) go through both first. Then, query by query, ours
is timed REPEATS times (its figure is the median) and the LIKE scan once, right after,
so both see the same machine state; p50 and p95 are over the 50 queries.

The answers are checked, untimed, so the ratio compares equal work:

- Recall: LIKE also finds the query inside words ("data" in "metadata"), which a word
  index does not promise; only its hits with the query at word boundaries count (at a
  word start only, for a prefix query; case as LIKE folds it, accents as written). For
  every query, search_counts must give each kind at least as many matches as those hits;
  for each query with at most CHECK_MAX matches in all, every one of those hits must be
  among search's hits, read page by page. (Past that, the pages need not reach every
  match: search may rank only the newest matches of a common word.)
- Precision: every hit on search's first page must hold each query word, case and
  accents folded, at a word start in one of its source's columns.

A disagreement fails the "answers agree" verdict; it does not stop the run.
"""

from __future__ import annotations

import random
import re
import statistics
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass

QUERIES = {
    "full name": 8,
    "surname": 5,
    "organization": 6,
    "accented": 6,
    "unaccented": 6,
    "word": 9,
    "phrase": 5,
    "prefix": 5,
}
WARMUPS = 5
REPEATS = 3
LIMIT = 20
CHECK_MAX = 500
TARGET_AT = "XL"
TARGET_P95_MS = 100.0
TARGET_RATIO = 10.0
SAMPLE_ROWS = 3_000
# Words a person would not search for: too common to mean anything.
STOP = set(
    "about after also and are asked came come could day each even every from have into "
    "just more most near next over said send sent some that the their them they this time "
    "what when where which with would your team".split()
)


@dataclass(frozen=True)
class Source:
    """One kind of row the index covers, and the text columns a LIKE scan reads."""

    kind: str  # as coffeechat.search.index names it
    model: str  # app_label.Model
    columns: tuple[str, ...]  # the row's own text
    about: str = ""  # whose it is: a person's name, also searched


_OF_INTERVIEW = "interview__person__name"
# The same text coffeechat.search.sources.SOURCES puts in each entry, as ORM columns.
SOURCES = (
    Source(
        "person",
        "network.Person",
        ("name", "title", "organization__name", "email", "how_met", "notes"),
    ),
    Source("organization", "network.Organization", ("name", "notes")),
    Source("note", "network.Interaction", ("summary",), "person__name"),
    Source("message", "outreach.Message", ("subject", "body"), _OF_INTERVIEW),
    Source("interview", "interviews.Interview", ("quote_note", "next_step"), "person__name"),
    Source(
        "debrief",
        "debrief.Debrief",
        (
            "day_to_day",
            "skills",
            "team_size",
            "team_ways",
            "flexible_work",
            "office_setting",
            "management_style",
            "red_flags",
            "fit_reason",
            "advice",
        ),
        _OF_INTERVIEW,
    ),
    Source(
        "research",
        "prep.Research",
        (
            "field_notes",
            "field_gaps",
            "organization_notes",
            "organization_gaps",
            "person_notes",
            "person_gaps",
            "links",
        ),
        _OF_INTERVIEW,
    ),
    Source("meeting", "prep.MeetingNotes", ("text",), _OF_INTERVIEW),
)


def check_sources() -> None:
    """Fail early if the index's sources changed and these no longer mirror them."""
    from coffeechat.search.sources import SOURCES as INDEXED

    theirs = {s.kind: len(s.title) + len(s.body) + bool(s.about.strip("'")) for s in INDEXED}
    ours = {s.kind: len(s.columns) + bool(s.about) for s in SOURCES}
    if theirs != ours:
        raise RuntimeError(
            f"bench.search.SOURCES no longer mirror coffeechat.search.sources.SOURCES: "
            f"{ours} against {theirs}"
        )


def _log(message: str) -> None:
    from bench.workspace import log

    log(message)


def fold(text: str) -> str:
    """Lowercase, accents dropped (NFKD, marks removed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _model(source: Source):
    from django.apps import apps

    return apps.get_model(source.model)


# --- the queries ------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    kind: str
    text: str

    @property
    def prefix(self) -> bool:
        return self.kind == "prefix"


WORD = re.compile(r"[^\W\d_]+")


def _sample_texts(actor, rng: random.Random) -> list[str]:
    """Text from every source, a random sample of each (by id, so no ORDER BY RANDOM())."""
    texts = []
    for source in SOURCES:
        model = _model(source)
        ids = list(model.objects.filter(owner=actor).values_list("pk", flat=True))
        picked = rng.sample(ids, min(SAMPLE_ROWS, len(ids)))
        columns = [c for c in source.columns if "__" not in c and c not in ("email", "links")]
        for row in model.objects.filter(pk__in=picked).values_list(*columns):
            texts += [value for value in row if value]
    return texts


def draw(actor, *, seed: int) -> tuple[list[Query], list[Query]]:
    """The timed queries and the warm-ups, from the workspace's own words."""
    from coffeechat.network.models import Organization, Person

    rng = random.Random(f"{seed}-search")
    names = sorted(Person.objects.filter(owner=actor).values_list("name", flat=True))
    organizations = sorted(Organization.objects.filter(owner=actor).values_list("name", flat=True))
    texts = _sample_texts(actor, rng)

    words, phrases = set(), set()
    for text in texts:
        found = [w for w in WORD.findall(text) if len(w) >= 3 and w.lower() not in STOP]
        words.update(found)
        # Phrases within a clause, two words with only a space between them; names
        # (capitalised) have their own kinds above.
        for clause in re.split(r"[^\w\s]+", text):
            tokens = clause.split()
            for a, b in zip(tokens, tokens[1:], strict=False):
                pair = {a, b}
                if all(WORD.fullmatch(w) and len(w) >= 3 and w.islower() for w in pair) and not (
                    pair & STOP
                ):
                    phrases.add(f"{a} {b}")
    name_words = {w for name in names for w in WORD.findall(name)}
    accented = sorted(
        w for w in words | name_words if not w.isascii() and fold(w).isascii() and fold(w).isalpha()
    )
    plain = sorted(w for w in words if w.isascii() and len(w) >= 4)
    long_words = sorted(w for w in words if w.isascii() and len(w) >= 7)

    chosen: dict[str, Query] = {}

    def add(kind: str, candidates: list[str], count: int, shape=lambda w: w) -> list[Query]:
        out = []
        pool = list(candidates)
        rng.shuffle(pool)
        for word in pool:
            text = shape(word)
            if len(out) == count:
                break
            if text.lower() not in chosen:
                chosen[text.lower()] = Query(kind, text)
                out.append(chosen[text.lower()])
        return out

    drawn = []
    accent_pool = list(accented)
    rng.shuffle(accent_pool)
    half = len(accent_pool) // 2
    for kind, count in QUERIES.items():
        if kind == "full name":
            drawn += add(kind, names, count)
        elif kind == "surname":
            drawn += add(kind, [n.split(" ", 1)[1] for n in names], count)
        elif kind == "organization":
            # The first two words, as people type them ("Harbor Analytics", no "Labs").
            drawn += add(kind, organizations, count, lambda n: " ".join(n.split()[:2]))
        elif kind == "accented":
            drawn += add(kind, accent_pool[:half], count)
        elif kind == "unaccented":
            drawn += add(kind, accent_pool[half:], count, fold)
        elif kind == "word":
            drawn += add(kind, plain, count)
        elif kind == "phrase":
            drawn += add(kind, sorted(phrases), count)
        elif kind == "prefix":
            drawn += add(kind, long_words, count, lambda w: w[: rng.randint(3, 5)].lower())
    warmups = add("word", plain, WARMUPS)
    return drawn, warmups


# --- the two ways to answer -------------------------------------------------------------


def hit_key(hit) -> tuple[str, int]:
    """(source kind, primary key) of one of search_for's hits."""
    return (hit.kind, hit.object_id)


def _like_filter(source: Source, query: str):
    from django.db.models import Q

    condition = Q()
    for column in (*source.columns, source.about):
        if column:
            condition |= Q(**{f"{column}__icontains": query})
    if source.about:
        # As in the index: a row with no text of its own (an interaction logged without
        # a summary) has no entry, though its person's name matches.
        own = Q()
        for column in source.columns:
            own |= Q(**{f"{column}__gt": ""})
        condition &= own
    return condition


def _shown(source: Source) -> tuple[str, ...]:
    return (*source.columns, source.about) if source.about else source.columns


def like_scan(actor, query: str, limit: int | None = LIMIT) -> list[tuple[str, int, tuple]]:
    """The baseline: (kind, pk, texts) of up to `limit` rows, no ranking."""
    hits = []
    for source in SOURCES:
        rows = (
            _model(source)
            .objects.filter(owner=actor)
            .filter(_like_filter(source, query))
            # No ORDER BY (the models' default orderings sort by date): the scan may
            # stop at the limit, the cheapest a LIKE search can be.
            .order_by()
            .values_list("pk", *_shown(source))
        )
        if limit is not None:
            rows = rows[:limit]
        hits += [(source.kind, row[0], row[1:]) for row in rows]
    return hits if limit is None else hits[:limit]


# --- the check --------------------------------------------------------------------------


def _bounded(query: Query) -> re.Pattern:
    """The query at word boundaries (at a word start only, for a prefix), as written."""
    tail = "" if query.prefix else r"(?!\w)"
    return re.compile(r"(?<!\w)" + re.escape(query.text) + tail, re.IGNORECASE)


def _all_ours(actor, query: str) -> set[tuple[str, int]]:
    from coffeechat.search.selectors import search_for

    found: set[tuple[str, int]] = set()
    page = 500
    for offset in range(0, 100_000, page):
        hits = search_for(actor=actor, query=query, limit=page, offset=offset)
        found.update(hit_key(hit) for hit in hits)
        if len(hits) < page:
            break
    return found


def _texts_of(keys: list[tuple[str, int]]) -> dict[tuple[str, int], tuple]:
    by_kind: dict[str, list[int]] = {}
    for kind, pk in keys:
        by_kind.setdefault(kind, []).append(pk)
    texts = {}
    for source in SOURCES:
        if source.kind in by_kind:
            rows = _model(source).objects.filter(pk__in=by_kind[source.kind])
            for row in rows.values_list("pk", *_shown(source)):
                texts[(source.kind, row[0])] = row[1:]
    return texts


def check(actor, query: Query, first_page: list) -> dict:
    """Recall of LIKE's word-bounded hits, and precision of our first page."""
    from coffeechat.search.selectors import search_counts

    like = like_scan(actor, query.text, limit=None)
    pattern = _bounded(query)
    bounded = {(k, pk) for k, pk, texts in like if any(pattern.search(t or "") for t in texts)}
    counts = search_counts(actor=actor, query=query.text)
    short = {
        kind: (n, counts.get(kind, 0))
        for kind, n in Counter(kind for kind, _pk in bounded).items()
        if counts.get(kind, 0) < n
    }
    result = {
        "matches": sum(counts.values()),
        "like_hits": len(like),
        "like_at_word_boundaries": len(bounded),
        # Every query: fewer matches of a kind than LIKE's word-bounded hits of it.
        "kinds_short": short,
    }
    if result["matches"] <= CHECK_MAX:
        missed = bounded - _all_ours(actor, query.text)
        result["missed"] = len(missed)
        result["missed_examples"] = sorted(missed)[:3]

    words = [fold(w) for w in query.text.split()]
    starts = [re.compile(r"(?<!\w)" + re.escape(w)) for w in words]
    keys = [hit_key(hit) for hit in first_page]
    texts = _texts_of(keys)
    loose = []
    for key in keys:
        folded = fold(" ".join(t or "" for t in texts.get(key, ())))
        if not all(s.search(folded) for s in starts):
            loose.append(key)
    result["first_page"] = len(keys)
    result["not_literal"] = len(loose)
    result["not_literal_examples"] = loose[:3]
    return result


def _entries() -> int:
    """How many entries the index holds: what a common word's matches are drawn from."""
    from django.db import connection

    from coffeechat.search.index import ENTRY_TABLE, FTS_TABLE

    table = FTS_TABLE if connection.vendor == "sqlite" else ENTRY_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


# --- timing -----------------------------------------------------------------------------


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    answer = call()
    return (time.perf_counter() - started) * 1000, answer


def measure(ws, *, seed: int) -> dict:
    """Everything above, on the workspace bench.run just built and timed."""
    from django.db import connection

    from bench.run import percentile, summary

    check_sources()
    name, actor = ws.size.name, ws.user
    asked, warmups = draw(actor, seed=seed)
    if len(asked) != sum(QUERIES.values()):
        raise RuntimeError(f"drew {len(asked)} queries, not {sum(QUERIES.values())}")
    from coffeechat.search.selectors import search_for

    for query in warmups:
        search_for(actor=actor, query=query.text, limit=LIMIT)
        like_scan(actor, query.text)

    rows = []
    for query in asked:
        our_ms = []
        for _ in range(REPEATS):
            ms, page = _timed(lambda q=query: search_for(actor=actor, query=q.text, limit=LIMIT))
            our_ms.append(ms)
        like_ms, scanned = _timed(lambda q=query: like_scan(actor, q.text))
        rows.append(
            {
                "kind": query.kind,
                "query": query.text,
                "ms": statistics.median(our_ms),
                "like_ms": like_ms,
                "hits": len(page),
                "like_hits": len(scanned),
                "check": check(actor, query, page),
            }
        )
    mine = summary([r["ms"] for r in rows])
    like = summary([r["like_ms"] for r in rows])
    _log(f"  [{name}] timed search: p95 {mine['p95']:.1f} ms; LIKE scan p95 {like['p95']:.1f} ms")
    checked = [r["check"] for r in rows if "missed" in r["check"]]
    measured = {
        "back_end": "FTS5" if connection.vendor == "sqlite" else "tsvector + GIN",
        "entries": _entries(),
        "queries": dict(QUERIES),
        "limit": LIMIT,
        "repeats": REPEATS,
        "ms": mine,
        "like_ms": like,
        "ratio": {q: like[q] / mine[q] for q in ("p50", "p95")},
        "recall_checked": len(checked),
        "recall_missed": sum(c["missed"] for c in checked),
        "kinds_short": sum(1 for r in rows if r["check"]["kinds_short"]),
        "not_literal": sum(r["check"]["not_literal"] for r in rows),
        "first_page_hits": sum(r["check"]["first_page"] for r in rows),
        "empty": sum(1 for r in rows if not r["hits"]),
        "slowest": sorted(rows, key=lambda r: -r["ms"])[:5],
        "rows": rows,
        "p95_by_kind": {
            kind: percentile([r["ms"] for r in rows if r["kind"] == kind], 0.95) for kind in QUERIES
        },
    }
    measured["targets"] = {
        "apply": name == TARGET_AT,
        "p95_ms_under": TARGET_P95_MS,
        "like_ratio_at_least": TARGET_RATIO,
        "p95_pass": mine["p95"] < TARGET_P95_MS,
        "ratio_pass": measured["ratio"]["p95"] >= TARGET_RATIO,
        "answers_agree": _agree(measured),
    }
    return measured


# --- the report -------------------------------------------------------------------------


def _agree(s: dict) -> bool:
    return s["recall_missed"] == 0 and s["kinds_short"] == 0 and s["not_literal"] == 0


def report(results: list[dict]) -> str:
    measured = [r for r in results if r.get("search")]
    if not measured:
        return ""
    kinds = ", ".join(f"{n} {kind}" for kind, n in QUERIES.items())
    lines = [
        f"Search: {sum(QUERIES.values())} queries ({kinds}), limit {LIMIT};",
        f"    ours timed {REPEATS} times a query (median), the LIKE scan once, "
        f"after {WARMUPS} warm-ups",
    ]
    header = (
        f"{'size':<5} {'search':<34} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'LIKE/ours p50':>14} {'LIKE/ours p95':>14}"
    )
    lines += [header, "-" * len(header)]
    for r in measured:
        s = r["search"]
        lines.append(
            f"{r['size']:<5} {'search_for (' + s['back_end'] + ')':<34} "
            f"{s['ms']['p50']:>8.2f} {s['ms']['p95']:>8.2f} {'':>14} {'':>14}"
        )
        lines.append(
            f"{r['size']:<5} {'LIKE scan (icontains, ORM)':<34} "
            f"{s['like_ms']['p50']:>8.2f} {s['like_ms']['p95']:>8.2f} "
            f"{s['ratio']['p50']:>14.1f} {s['ratio']['p95']:>14.1f}"
        )
    for r in measured:
        s = r["search"]
        lines.append(
            f"{r['size']}: {s['entries']:,} index entries. Answers: {s['recall_missed']} "
            f"word-bounded LIKE hits missed by search in {s['recall_checked']} queries read "
            f"whole (<= {CHECK_MAX} matches); {s['kinds_short']} queries where a kind has "
            f"fewer matches than such hits;\n    {s['not_literal']} of {s['first_page_hits']} "
            f"first-page hits without the words as typed; {s['empty']} queries found nothing"
        )
    target = next((r for r in measured if r["size"] == TARGET_AT), None)
    if target is None:
        lines.append(f"search targets apply at {TARGET_AT}, not run")
        return "\n".join(lines)
    s = target["search"]
    p95, ratio, met = s["ms"]["p95"], s["ratio"]["p95"], s["targets"]

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    lines.append(
        f"targets at {TARGET_AT}: search p95 < {TARGET_P95_MS:.0f} ms "
        f"{verdict(met['p95_pass'])} ({p95:.1f}), LIKE p95 / search p95 >= "
        f"{TARGET_RATIO:.0f} {verdict(met['ratio_pass'])} ({ratio:.1f}x), "
        f"answers agree {verdict(met['answers_agree'])}"
    )
    return "\n".join(lines)
