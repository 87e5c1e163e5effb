"""Likely duplicates among the user's people, for review and merge. Reads only.

A pair scores 100 when the importer would call it a certain match (the same LinkedIn
profile, the same email, the same normalized name at the same organization): an import
never leaves such a pair behind, but typing someone in twice does. Below that come names
that differ by a typo, a middle name, a shortened first name or an initial, judged with
what else the two records say (an organization, a work email domain).

Nobody is compared with everyone: names are compared (rapidfuzz, in C) only inside blocks
that can hold a look-alike (the same last name and first initial, the same organization
and an initial...), so 30,000 people cost a few hundred thousand comparisons, not the
450 million of every pair.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations, product

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from rapidfuzz import process
from rapidfuzz.distance import OSA

from coffeechat.exchange.importing import normalize_name, normalize_url
from coffeechat.interviews.models import Interview
from coffeechat.network.models import DuplicateDismissal, Interaction, Person

CERTAIN = 100
# Name rules score 86 to 92; nothing below this is offered.
SIMILAR = 85
# Edits (a letter changed, missing, extra, or two swapped) that may still be a typo.
TYPO_EDITS = 2
# A group sharing one email, profile or name this large is paired around its first
# member, not every member with every other: merging into it clears the group the same.
BIG_GROUP = 12
# Mailbox providers say nothing about where someone works.
PUBLIC_DOMAINS = frozenset(
    """
    aol.com comcast.net fastmail.com gmail.com gmx.com gmx.de gmx.net googlemail.com hey.com
    hotmail.co.uk hotmail.com hotmail.fr icloud.com live.com mac.com mail.com mail.ru me.com
    msn.com outlook.com pm.me proton.me protonmail.com qq.com t-online.de web.de yahoo.co.uk
    yahoo.com yahoo.fr yandex.ru zoho.com
    """.split()
)
# Titles and suffixes that are not part of the name.
NOT_NAMES = frozenset("jr sr ii iii iv phd md mba esq dr mr mrs ms prof".split())
_NOT_WORD = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class LikelyDuplicate:
    a: Person
    b: Person
    score: int
    reason: str

    @property
    def people(self) -> tuple[Person, Person]:
        return self.a, self.b


class _Row:
    """What comparing needs of one person, computed once."""

    __slots__ = ("pk", "name", "exact", "tokens", "plain", "sorted_name", "email", "domain")
    __slots__ += ("url", "org_id", "org", "org_exact")

    def __init__(self, pk, name, email, url, org_id, org, org_exact):
        self.pk, self.name = pk, name
        # normalize_name's own result; it only has accents to strip outside ASCII.
        self.exact = " ".join(name.casefold().split()) if name.isascii() else normalize_name(name)
        words = _NOT_WORD.sub(" ", self.exact).split()
        self.tokens = tuple(w for w in words if w not in NOT_NAMES) or tuple(words) or (self.exact,)
        self.plain = " ".join(self.tokens)
        self.sorted_name = " ".join(sorted(self.tokens))
        self.email = (email or "").strip().lower()
        domain = self.email.rpartition("@")[2]
        self.domain = "" if domain in PUBLIC_DOMAINS else domain
        self.url = normalize_url(url) if url else ""
        self.org_id, self.org, self.org_exact = org_id, org or "", org_exact


def _rows(people: Iterable[tuple]) -> list[_Row]:
    """people: (pk, name, email, linkedin_url, organization_id, organization name)."""
    org_exact: dict[int | None, str] = {None: ""}
    rows = []
    for pk, name, email, url, org_id, org in people:
        if org_id not in org_exact:
            org_exact[org_id] = normalize_name(org)
        rows.append(_Row(pk, name, email, url, org_id, org, org_exact[org_id]))
    return rows


# --- judging one pair ------------------------------------------------------------------


def _slips(x: str, y: str) -> int:
    """How many slips of the keyboard (a letter missing, extra, swapped or changed) turn
    one spelling of a name into the other; 0 when they differ as two names do.
    "Jon"/"John", "Jhon"/"John", "Whitfield"/"Whitfeld" are slips; "Jon"/"Jin" and
    "Mark"/"Mary" are other names."""
    edits = OSA.distance(x, y, score_cutoff=2)
    shorter = min(len(x), len(y))
    if edits == 1:
        if len(x) != len(y) or sorted(x) == sorted(y):  # missing, extra or swapped
            return 1 if shorter >= 3 else 0
        return 1 if shorter >= 5 else 0  # changed
    return 2 if edits == 2 and shorter >= 8 else 0


def _typo_score(tokens_p: Sequence[str], tokens_q: Sequence[str]) -> int:
    """92 for one slip, 87 for two, 0 when the names differ by more than slips."""
    total = 0
    for x, y in zip(tokens_p, tokens_q, strict=True):
        if x != y:
            slips = _slips(x, y)
            if not slips:
                return 0
            total += slips
    return {1: 92, 2: 87}.get(total, 0)


def _name_similarity(p: _Row, q: _Row) -> int:
    if p.sorted_name == q.sorted_name:
        return 100
    if len(p.tokens) == len(q.tokens):
        typo = _typo_score(p.tokens, q.tokens) or _typo_score(sorted(p.tokens), sorted(q.tokens))
        if typo:
            return typo
    if len(p.tokens) >= 2 and len(q.tokens) >= 2 and p.tokens[-1] == q.tokens[-1]:
        first_p, first_q = p.tokens[0], q.tokens[0]
        if first_p == first_q and len(p.tokens) != len(q.tokens):
            return 92  # "Mary Lee" / "Mary Ann Lee"
        if first_p != first_q and (first_p.startswith(first_q) or first_q.startswith(first_p)):
            # "Jon Smith" / "Jonathan Smith"; an initial alone is weaker evidence.
            return 90 if min(len(first_p), len(first_q)) > 1 else 86
    return 0


def _judge(p: _Row, q: _Row) -> tuple[int, str] | None:
    """How likely p and q are one person, and why in the user's words; None if unlikely."""
    if p.url and p.url == q.url:
        return CERTAIN, "the same LinkedIn profile"
    if p.email and p.email == q.email:
        return CERTAIN, f"the same email ({p.email})"
    if p.url and q.url:
        # Two LinkedIn profiles are two people, even with one name at one employer
        # (where the importer, finding no profile, would go on to match by name).
        return None
    if p.exact == q.exact and p.org_exact == q.org_exact:
        if p.org:
            return CERTAIN, f"the same name at {p.org}"
        return CERTAIN, "the same name, and neither has an organization"
    similarity = _name_similarity(p, q)
    if similarity < SIMILAR:
        return None
    same_name = p.exact == q.exact
    if p.org_id is not None and p.org_id == q.org_id:
        return similarity, f"similar names at {p.org} ({p.name} / {q.name})"
    names = "the same name" if same_name else f"similar names ({p.name} / {q.name})"
    if p.domain and p.domain == q.domain:
        return similarity - 2, f"the same email domain ({p.domain}) and {names}"
    if p.org_id is None and q.org_id is None:
        return similarity - 5, f"{names}, and neither has an organization"
    if p.org_id is None or q.org_id is None:
        return (95 if same_name else similarity - 5), f"{names}, and one has no organization"
    if same_name and not (p.email and q.email):
        # Someone who changed jobs, recorded once at each; two work emails say two people.
        return 70, f"the same name at {p.org} and at {q.org} (a new job?)"
    return None


# --- which pairs to judge --------------------------------------------------------------


def _every_pair(members: list[int]) -> Iterable[tuple[int, int]]:
    if len(members) > BIG_GROUP:
        return ((members[0], other) for other in members[1:])
    return combinations(members, 2)


class _Index:
    """Everyone, grouped in one pass by what a duplicate could share with them."""

    def __init__(self, rows: list[_Row]):
        self.rows = rows
        # A LinkedIn profile, an email, or a name in any order.
        self.exact: dict[tuple, list[int]] = defaultdict(list)
        # First names by last name: middle names, "Jon" / "Jonathan".
        self.firsts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        # Where a typo'd look-alike could be: the same last name and first initial, the
        # same first name and last initial, the same organization or work email domain
        # and last initial. A typo rarely hits both ("Catherine"/"Katherine Lee").
        self.blocks: dict[tuple, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            first, last = row.tokens[0], row.tokens[-1]
            if row.url:
                self.exact["url", row.url].append(i)
            if row.email:
                self.exact["email", row.email].append(i)
            self.exact["name", row.sorted_name].append(i)
            if len(row.tokens) >= 2:
                self.firsts[last][first].append(i)
            self.blocks["last", last, first[:1]].append(i)
            self.blocks["first", first, last[:1]].append(i)
            if row.org_id is not None:
                self.blocks["org", row.org_id, last[:1]].append(i)
            if row.domain:
                self.blocks["domain", row.domain, last[:1]].append(i)

    def exact_pairs(self) -> Iterator[tuple[int, int]]:
        for (kind, _), members in self.exact.items():
            if len(members) <= 1:
                continue
            if kind == "name" and len(members) > BIG_GROUP:
                # A common name: many namesakes are LinkedIn connections, two profiles
                # never one person, so only those without a profile are compared (with all).
                bare = [i for i in members if not self.rows[i].url]
                if len(bare) <= BIG_GROUP:
                    yield from ((i, j) for i in bare for j in members if j != i)
                    continue
            yield from _every_pair(members)

    def first_name_pairs(self) -> Iterator[tuple[int, int]]:
        for firsts in self.firsts.values():
            for members in firsts.values():  # "Mary Ann Lee" with "Mary Lee"
                if len(members) > 1:
                    for i in members:
                        if len(self.rows[i].tokens) > 2:
                            yield from ((i, j) for j in members if j != i)
            if len(firsts) > 1:
                names = sorted(firsts)
                for k, short in enumerate(names):
                    # Sorted, every name that starts with `short` follows it directly.
                    for longer in names[k + 1 :]:
                        if not longer.startswith(short):
                            break
                        yield from product(firsts[short], firsts[longer])

    def typo_pairs(self, focus: set[int] | None) -> Iterator[tuple[int, int]]:
        rows = self.rows
        for key, members in self.blocks.items():
            if len(members) < 2 or (focus is not None and focus.isdisjoint(members)):
                continue
            if key[0] == "domain" and len({rows[i].org_id for i in members}) == 1:
                continue  # they all work at one organization: compared there already
            # Each distinct name once: people with the very same name are paired already.
            by_name: dict[str, list[int]] = defaultdict(list)
            for i in members:
                by_name[rows[i].plain].append(i)
            if len(by_name) < 2:
                continue
            names = list(by_name)
            for k, name in enumerate(names):
                if focus is None:  # each pair once: compare with the names after
                    start = k + 1
                elif focus.isdisjoint(by_name[name]):
                    continue
                else:  # only pairs touching the focus, but every one of them
                    start = 0
                hits = process.extract(
                    name, names[start:], scorer=OSA.distance, score_cutoff=TYPO_EDITS, limit=None
                )
                for _, _, at in hits:
                    if start + at != k:
                        yield from product(by_name[name], by_name[names[start + at]])


def _candidates(rows: list[_Row], focus: set[int] | None) -> Iterator[tuple[int, int]]:
    """Index pairs (lower first) worth judging; with a focus, only pairs touching it."""
    n = len(rows)
    # One int per pair rather than a tuple: a set of 100,000 ints is cheaper to build.
    pairs = set()
    index = _Index(rows)
    for source in (index.exact_pairs(), index.first_name_pairs(), index.typo_pairs(focus)):
        for i, j in source:
            if focus is None or i in focus or j in focus:
                pairs.add(i * n + j if i < j else j * n + i)
    return (divmod(pair, n) for pair in pairs)


@contextmanager
def _no_collector():
    """Hold off the cycle collector while indexing: the hundreds of thousands of small
    groups and pairs would set off full collections over the whole process, a third of
    the time at 30,000 people. Nothing here makes cycles; reference counting frees it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _scored(actor, among: Iterable[int] | None) -> list[tuple[int, int, int, str]]:
    """(a id, b id, score, reason) with a < b, best first."""
    dismissed = set(
        DuplicateDismissal.objects.filter(owner=actor).values_list("person_a", "person_b")
    )
    people = Person.objects.filter(owner=actor).order_by("pk")
    scored = []
    with _no_collector():
        rows = _rows(
            people.values_list(
                "pk", "name", "email", "linkedin_url", "organization_id", "organization__name"
            ).iterator(chunk_size=5000)
        )
        focus = None
        if among is not None:
            wanted = set(among)
            focus = {i for i, row in enumerate(rows) if row.pk in wanted}
            if not focus:
                return []
        for i, j in _candidates(rows, focus):
            p, q = rows[i], rows[j]  # rows are in id order and i < j, so p.pk < q.pk
            if (p.pk, q.pk) in dismissed:
                continue
            verdict = _judge(p, q)
            if verdict is not None:
                scored.append((p.pk, q.pk, *verdict, p.name.casefold()))
    scored.sort(key=lambda s: (-s[2], s[4], s[0], s[1]))
    return [s[:4] for s in scored]


# --- what the pages and commands call ----------------------------------------------------


def _count(model, field: str):
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
    )


def _with_history(people):
    """Each person with interview_count and interaction_count, for choosing whom to keep."""
    return people.select_related("organization").annotate(
        interview_count=_count(Interview, "person"),
        interaction_count=_count(Interaction, "person"),
    )


class LikelyDuplicates(Sequence):
    """Scored pairs, best first; people are read only for the pairs a page shows."""

    def __init__(self, actor, scored: list[tuple[int, int, int, str]]):
        self.actor = actor
        self._scored = scored

    def __len__(self) -> int:
        return len(self._scored)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._pairs(self._scored[index])
        return self._pairs([self._scored[index]])[0]

    def _pairs(self, scored) -> list[LikelyDuplicate]:
        ids = {pk for a, b, _, _ in scored for pk in (a, b)}
        people = _with_history(Person.objects.filter(owner=self.actor, pk__in=ids)).in_bulk()
        return [
            LikelyDuplicate(people[a], people[b], score, reason)
            for a, b, score, reason in scored
            if a in people and b in people  # one was merged or deleted in the meantime
        ]


def likely_duplicates(
    actor, *, limit: int | None = None, among: Iterable[int] | None = None
) -> LikelyDuplicates:
    """Pairs of the user's people who may be one person, best first.

    `among` (ids, e.g. the people an import just created or filled) keeps only the pairs
    touching them; `limit` keeps the best that many. Dismissed pairs never come back.
    People are read from the database only for the pairs taken from the result.
    """
    scored = _scored(actor, among)
    return LikelyDuplicates(actor, scored[:limit] if limit is not None else scored)


def count_likely_duplicates(actor, *, among: Iterable[int] | None = None) -> int:
    """How many pairs are waiting for review (only those touching `among`, if given)."""
    if among is not None:
        return len(_scored(actor, among))
    # The whole count is asked on every visit to the people list: kept in the cache
    # for as long as the people and the dismissals stay as they are.
    from django.core.cache import cache
    from django.db.models import Max

    state = Person.objects.filter(owner=actor).aggregate(n=Count("pk"), changed=Max("updated_at"))
    dismissed = DuplicateDismissal.objects.filter(owner=actor).count()
    changed = state["changed"].timestamp() if state["changed"] else 0
    key = f"duplicates:{actor.pk}:{state['n']}:{changed}:{dismissed}"
    count = cache.get(key)
    if count is None:
        count = len(_scored(actor, None))
        cache.set(key, count, 3600)
    return count


def person_with_history(*, actor, pk: int) -> Person:
    """One of the user's people, with interview_count and interaction_count."""
    return _with_history(Person.objects.filter(owner=actor)).get(pk=pk)


def more_history_first(a: Person, b: Person) -> tuple[Person, Person]:
    """The one to keep by default: more interviews and interactions, then the older."""

    def weight(p: Person) -> tuple:
        return (-(p.interview_count + p.interaction_count), p.pk)

    return (a, b) if weight(a) <= weight(b) else (b, a)
