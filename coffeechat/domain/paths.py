"""Warm paths: how the user can reach a person or an organization through people they know.

Pure rules over a small in-memory graph (no database): the user's ties to the people they
know, the links between people (who knows whom, who introduced whom) and who works
where. A path has at most 3 hops from the user: someone they know (1), someone reached
through one connector they know (2), or through a connector and one more person (3).

Ranking follows DOMAIN.md "Choosing whom to ask": people the user knows first, then one
connector away, then two; within each, executives last (mid-level people have more time
and are closer to the work), then by the strength of every tie on the path, how
recently the user talked to the connector, and the target's seniority. Nobody marked
"do not ask" is ever on a path.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from coffeechat.domain.seniority import Seniority

MAX_HOPS = 3
# Two people at the same organization may well know each other, but less surely than a
# tie the user recorded.
COLLEAGUE_STRENGTH = 0.3
INTRODUCED_STRENGTH = 0.6
# Mid-level first, executives last (DOMAIN.md).
SENIORITY_WEIGHT = {
    Seniority.MID: 1.0,
    Seniority.SENIOR: 0.8,
    Seniority.JUNIOR: 0.7,
    Seniority.UNKNOWN: 0.7,
    Seniority.EXECUTIVE: 0.4,
}
# How much a connector's recent contact counts: halves about every four months; someone
# the user never talked to (only connected with) counts as long ago.
RECENCY_HALF_LIFE_DAYS = 120
NEVER_TALKED = 0.25


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    title: str = ""
    organization_id: int | None = None
    organization: str = ""
    seniority: str = Seniority.UNKNOWN
    # The user's tie to them, 0..1; None when the user doesn't know them.
    tie: float | None = None
    last_talked: datetime | None = None
    do_not_ask: bool = False
    how_met: str = ""


@dataclass(frozen=True)
class Tie:
    other: int
    strength: float
    kind: str  # "knows", "introduced", "colleague"
    how: str = ""


@dataclass
class Graph:
    people: dict[int, Person] = field(default_factory=dict)
    # Each tie is kept as its row (a, b, strength, kind, how), the same tuple listed under
    # both people, and made into a Tie only when read: at load, 300,000 Tie objects (or
    # even 300,000 new tuples) cost far more than listing the rows the database gave.
    ties: dict[int, list[tuple[int, int, float, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    # One colleague Tie per person, made on first use: an organization of a thousand
    # would otherwise make a thousand Ties every time one of its members is looked at.
    _colleague: dict[int, Tie] = field(default_factory=dict, repr=False, compare=False)
    # Where the links can be read from, for the given people, when they are first needed
    # (None: every tie is already here). A question touches the ties of a few hundred
    # people; reading all 150,000 up front cost most of a second.
    fetch_ties: Callable[[set[int]], Iterable[tuple]] | None = field(
        default=None, repr=False, compare=False
    )
    _fetched: set[int] = field(default_factory=set, repr=False, compare=False)

    def ensure_ties(self, pids: Iterable[int]) -> None:
        """Read the ties of these people, once, if they are read on demand."""
        if self.fetch_ties is None:
            return
        missing = {p for p in pids if p not in self._fetched}
        if not missing:
            return
        ties = self.ties
        for row in self.fetch_ties(missing):
            if row[0] == row[1]:
                continue
            for end in (row[0], row[1]):
                if end in missing:
                    ties[end].append(row)
        self._fetched |= missing

    def add_person(self, person: Person) -> None:
        self.people[person.id] = person
        if person.organization_id is not None:
            self.members[person.organization_id].append(person.id)

    def link(self, a: int, b: int, strength: float, kind: str, how: str = "") -> None:
        """A tie both ways: if A knows B, B can introduce the user to A and the reverse."""
        self.link_many([(a, b, strength, kind, how)])

    def link_many(self, rows: Iterable[tuple[int, int, float, str, str]]) -> None:
        """link() for many (a, b, strength, kind, how) rows: the loader's 150,000."""
        ties = self.ties
        for row in rows:
            if row[0] != row[1]:
                ties[row[0]].append(row)
                ties[row[1]].append(row)

    def neighbours(self, pid: int) -> dict[int, Tie]:
        """Everyone one tie away, the strongest tie to each; colleagues included."""
        strongest: dict[int, tuple[int, float, str, str]] = {}
        for a, b, strength, kind, how in self.ties.get(pid, ()):
            other = b if a == pid else a
            if other not in strongest or strength > strongest[other][1]:
                strongest[other] = (other, strength, kind, how)
        best = {other: Tie(*tie) for other, tie in strongest.items()}
        org = self.people[pid].organization_id
        if org is not None:
            colleague = self._colleague
            for other in self.members.get(org, ()):
                if other != pid and other not in best:
                    tie = colleague.get(other)
                    if tie is None:
                        tie = colleague[other] = Tie(other, COLLEAGUE_STRENGTH, "colleague")
                    best[other] = tie
        return best

    def known(self, pid: int) -> bool:
        person = self.people.get(pid)
        return person is not None and person.tie is not None


@dataclass(frozen=True)
class Path:
    """The user → hops[0] → … → hops[-1] (the target); ties[i] joins hops[i] to hops[i+1]."""

    hops: tuple[int, ...]
    ties: tuple[Tie, ...]
    score: float
    reason: str

    @property
    def target(self) -> int:
        return self.hops[-1]

    @property
    def connector(self) -> int | None:
        """Whom the user asks for the introduction: the first person on a longer path."""
        return self.hops[0] if len(self.hops) > 1 else None

    @property
    def length(self) -> int:
        return len(self.hops)


def recency(last_talked: datetime | None, now: datetime) -> float:
    if last_talked is None:
        return NEVER_TALKED
    days = max((now - last_talked).total_seconds() / 86400, 0.0)
    return max(math.pow(0.5, days / RECENCY_HALF_LIFE_DAYS), NEVER_TALKED)


def ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never talked"
    days = (now - moment).days
    if days < 1:
        return "talked today"
    if days < 2:
        return "talked yesterday"
    if days < 14:
        return f"last talked {days} days ago"
    if days < 60:
        return f"last talked {days // 7} weeks ago"
    if days < 730:
        return f"last talked {days // 30} months ago"
    return f"last talked {days // 365} years ago"


def _role(person: Person) -> str:
    where = f" at {person.organization}" if person.organization else ""
    return f"{person.title}{where}" if person.title else (f"works{where}" if where else "")


def _tie_words(tie: Tie) -> str:
    if tie.how:
        return tie.how
    return {"colleague": "a colleague", "introduced": "introduced by or to them"}.get(
        tie.kind, "someone they know"
    )


def _describe(graph: Graph, hops: tuple[int, ...], ties: tuple[Tie, ...], now: datetime) -> str:
    """The path in plain words: "Dana, former teammate, last talked 3 weeks ago, knows Sam
    Rivera, Senior Policy Advisor at X"."""
    people = [graph.people[h] for h in hops]
    first, target = people[0], people[-1]
    role = _role(target)
    if len(people) == 1:
        met = f", {first.how_met}" if first.how_met else ""
        return (
            f"You know {target.name}{met}"
            + (f", {role}" if role else "")
            + (f"; {ago(target.last_talked, now)}")
        )
    parts = [first.name + (f", {first.how_met}" if first.how_met else "")]
    parts[0] += f", {ago(first.last_talked, now)}"
    for i, (person, tie) in enumerate(zip(people[1:], ties, strict=True)):
        phrase = ("knows " if i == 0 else "who knows ") + person.name
        if tie.how or tie.kind != "knows":
            phrase += f" ({_tie_words(tie)})"
        if person is target and role:
            phrase += f", {role}"
        parts.append(phrase)
    return ", ".join(parts)


def _usable(graph: Graph, pid: int) -> bool:
    person = graph.people.get(pid)
    return person is not None and not person.do_not_ask


def _score(graph: Graph, hops: tuple[int, ...], ties: tuple[Tie, ...], now: datetime) -> float:
    first = graph.people[hops[0]]
    target = graph.people[hops[-1]]
    strength = first.tie or 0.0
    for tie in ties:
        strength *= tie.strength
    weight = SENIORITY_WEIGHT.get(Seniority(target.seniority), 0.7)
    return strength * recency(first.last_talked, now) * weight


def find_paths(
    graph: Graph, targets: Iterable[int], *, now: datetime, limit: int = 5
) -> list[Path]:
    """The best `limit` paths to any of `targets`, at most MAX_HOPS long, best first.

    Searched backwards from the targets, one hop length at a time: longer paths are only
    looked for while the shorter ones haven't filled the list, since they rank after.
    """
    wanted = {t for t in targets if _usable(graph, t)}
    found: list[Path] = []

    def add(hops: tuple[int, ...], ties: tuple[Tie, ...]) -> None:
        found.append(Path(hops, ties, _score(graph, hops, ties, now), ""))

    # 1 hop: people the user knows.
    for t in wanted:
        if graph.known(t):
            add((t,), ())
    # 2 hops: a connector the user knows, who knows the target.
    if len(found) < limit:
        graph.ensure_ties(wanted)
        for t in wanted:
            for c, tie in graph.neighbours(t).items():
                if graph.known(c) and c not in wanted and _usable(graph, c):
                    add((c, t), (tie,))
    # 3 hops: a connector, then someone the user doesn't know, then the target.
    if len(found) < limit:
        middle = {
            d
            for t in wanted
            for d in graph.neighbours(t)
            if d not in wanted and not graph.known(d) and _usable(graph, d)
        }
        graph.ensure_ties(middle)
        for t in wanted:
            near = graph.neighbours(t)
            for d, tie_dt in near.items():
                if d in wanted or graph.known(d) or not _usable(graph, d):
                    continue
                for c, tie_cd in graph.neighbours(d).items():
                    # A connector who knows the target themself needs no one in between.
                    if c == t or c in near or c in wanted:
                        continue
                    if graph.known(c) and _usable(graph, c):
                        add((c, d, t), (tie_cd, tie_dt))
    best: dict[tuple[int, ...], Path] = {}
    for path in found:
        if path.hops not in best or path.score > best[path.hops].score:
            best[path.hops] = path

    def rank(path: Path):
        executive = graph.people[path.target].seniority == Seniority.EXECUTIVE
        return (path.length, executive, -path.score, graph.people[path.target].name, path.hops)

    ranked = sorted(best.values(), key=rank)[:limit]
    return [Path(p.hops, p.ties, p.score, _describe(graph, p.hops, p.ties, now)) for p in ranked]


def tie_strength(
    *, first_degree: bool, interactions: int, last_talked: datetime | None, now: datetime
) -> float:
    """The user's tie to someone they know, from how often and how lately they talked."""
    base = 0.5 if first_degree else 0.3
    frequency = 0.05 * min(interactions, 6)
    lately = 0.2 * recency(last_talked, now) if last_talked else 0.0
    return round(min(base + frequency + lately, 1.0), 3)
