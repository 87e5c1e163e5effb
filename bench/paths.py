"""`make bench`, warm paths: the user's graph loaded, then 50 path questions asked of it.

Run in each size's child (bench.run), after the pages, on the workspace it built:

- Graph load: `load_graph(actor)` (people and interaction counts read from the database
  and built into a `Graph`; the links are read when a question first needs them, so the
  query figures below include those reads), wall clock, the median of LOAD_RUNS runs.
  Beside it,
  what a request pays once the graph is cached: `graph_for(actor)`'s check that nothing
  changed (the aggregate reads of network.graph._version).
- The query: for each question, `find_paths(graph, targets_for(graph, q), now=now,
  limit=5)` on the loaded graph, each question timed once after WARMUPS untimed questions.
  The questions come from a seeded RNG: organizations (half picked uniformly, half as
  the employer of a random person, so large employers come up as often as they hold
  people), organizations with a role word taken from a member's title, and single people
  the user doesn't know yet.

Two baselines (SciPy run two ways), same questions, same graph content (built from the
loaded `Graph`, not timed): the people (do-not-ask people left out, so no baseline pays
for excluding them at query time), an edge for every link and introduction, an edge
between every two people at the same organization, and a "user" node joined to everyone
the user knows. Each timed query also calls `targets_for` and ranks what it reached the
same way (shortest first, executives last, then by name), keeping 5; no baseline knows
tie strengths.

- NetworkX: `nx.single_source_shortest_path(G, user, cutoff=3)` (breadth-first from the
  user to everyone within 3 hops, with each one's path), then the targets' paths read
  from it.
- SciPy: `scipy.sparse.csgraph.breadth_first_order(csr, user,
  return_predecessors=True)` on the adjacency matrix (compiled breadth-first search over
  the whole graph; it has no depth limit), then each target's path walked back through
  the predecessors and kept if at most 3 hops long. Twice: on a symmetric float64 matrix
  with directed=True, the search alone (the one the target is set against); and as
  first asked, each edge once (int8) with directed=False, where SciPy also copies the
  matrix to float64 and makes its transpose on every call.

Our search goes the other way: backwards from the targets, and only as deep as it must
to fill the 5 results, ranked by the strength of the ties (DOMAIN.md). For each
question all four must agree on the shortest path's length (or all find none), or the
run is broken: the ratios only mean something if the answers agree.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

QUESTIONS = {"organization": 20, "organization and role": 15, "person": 15}
WARMUPS = 5
LOAD_RUNS = 5
LIMIT = 5
TARGET_AT = "XL"
TARGET_LOAD_SECONDS = 1.0
TARGET_QUERY_P95_MS = 50.0
TARGET_SCIPY_RATIO = 2.0
USER = -1  # the user's node in the baselines; people's ids are positive
SLOWEST_KEPT = 3


class PathsBenchError(RuntimeError):
    """The baselines and our search disagree, so their timings can't be compared."""


@dataclass(frozen=True)
class Asked:
    kind: str  # a key of QUESTIONS
    label: str  # what was asked, for the report
    question: object  # coffeechat.network.graph.Question


def _log(message: str) -> None:
    from bench.workspace import log

    log(message)


# --- the questions ---------------------------------------------------------------------


def questions(graph, *, seed: int) -> list[Asked]:
    """The same questions for the same graph and seed."""
    from coffeechat.network.graph import Question
    from coffeechat.network.models import Organization, Person

    rng = random.Random(f"paths-{seed}")
    people = sorted(graph.people)
    employed = [pid for pid in people if graph.people[pid].organization_id is not None]
    organizations = sorted(org for org, members in graph.members.items() if members)
    strangers = [pid for pid in people if not graph.known(pid) and not graph.people[pid].do_not_ask]
    asked = []

    def organization(uniform: bool) -> int:
        if uniform:
            return rng.choice(organizations)
        return graph.people[rng.choice(employed)].organization_id

    # Unsaved instances: targets_for only reads their pk.
    for n in range(QUESTIONS["organization"]):
        org = organization(uniform=n % 2 == 0)
        q = Question(organization=Organization(pk=org))
        asked.append(Asked("organization", f"org {org} ({len(graph.members[org])})", q))
    for _ in range(QUESTIONS["organization and role"]):
        org = organization(uniform=False)
        titles = [graph.people[pid].title for pid in graph.members[org]]
        words = [w.strip(",.").casefold() for t in titles for w in t.split()]
        words = [w for w in words if len(w) > 2 and w not in {"and", "of", "the"}]
        role = rng.choice(words) if words else ""
        q = Question(organization=Organization(pk=org), role=role)
        asked.append(Asked("organization and role", f"org {org} + {role!r}", q))
    for _ in range(QUESTIONS["person"]):
        pid = rng.choice(strangers)
        asked.append(Asked("person", f"person {pid}", Question(person=Person(pk=pid))))
    return asked


# --- the three searches ----------------------------------------------------------------


def _rank(graph, paths: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """The baselines' ranking: shortest first, executives last, then by name."""
    from coffeechat.domain.seniority import Seniority

    def key(hops: tuple[int, ...]):
        target = graph.people[hops[-1]]
        return (len(hops), target.seniority == Seniority.EXECUTIVE, target.name, hops)

    return sorted(paths, key=key)[:LIMIT]


def ours(graph, now) -> Callable:
    from coffeechat.domain.paths import find_paths
    from coffeechat.network.graph import targets_for

    def query(question) -> list[tuple[int, ...]]:
        found = find_paths(graph, targets_for(graph, question), now=now, limit=LIMIT)
        return [path.hops for path in found]

    return query


def _edges(graph):
    """Every edge of the baselines' graph, once or more each, do-not-ask people left out."""
    usable = {pid for pid, person in graph.people.items() if not person.do_not_ask}
    for a, rows in graph.ties.items():
        if a in usable:
            # Each tie is its row (a, b, strength, kind, how), listed under both people.
            others = (row[1] if row[0] == a else row[0] for row in rows)
            yield from ((a, other) for other in others if other in usable)
    for members in graph.members.values():
        yield from combinations([pid for pid in members if pid in usable], 2)
    yield from ((USER, pid) for pid in usable if graph.known(pid))


def networkx_search(graph) -> Callable:
    import networkx as nx

    from coffeechat.domain.paths import MAX_HOPS
    from coffeechat.network.graph import targets_for

    g = nx.Graph()
    g.add_nodes_from(pid for pid, person in graph.people.items() if not person.do_not_ask)
    g.add_node(USER)
    g.add_edges_from(_edges(graph))

    def query(question) -> list[tuple[int, ...]]:
        reached = nx.single_source_shortest_path(g, USER, cutoff=MAX_HOPS)
        targets = [t for t in targets_for(graph, question) if t in reached]
        return _rank(graph, [tuple(reached[t][1:]) for t in targets])

    query.size = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    return query


def scipy_search(graph, *, as_asked: bool = False) -> Callable:
    """The SciPy baseline. By default the matrix holds every edge both ways, as float64,
    and the search runs with directed=True: on a symmetric matrix that is the same
    search as directed=False, without the work SciPy redoes on every call for
    directed=False (a transposed copy) or for another dtype (a float64 copy), about
    100 ms a call at XL. `as_asked`: each edge once, as int8, directed=False."""
    import numpy as np
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import breadth_first_order

    from coffeechat.domain.paths import MAX_HOPS
    from coffeechat.network.graph import targets_for

    ids = sorted(pid for pid, person in graph.people.items() if not person.do_not_ask)
    ids.append(USER)
    index = {pid: i for i, pid in enumerate(ids)}
    pairs = np.array([(index[a], index[b]) for a, b in _edges(graph)], dtype=np.int32)
    rows, columns = pairs[:, 0], pairs[:, 1]
    if not as_asked:
        rows, columns = np.concatenate([rows, columns]), np.concatenate([columns, rows])
    n = len(ids)
    dtype = np.int8 if as_asked else np.float64
    # Duplicate pairs (a link and a shared employer) are summed into one entry.
    csr = coo_array((np.ones(len(rows), dtype=dtype), (rows, columns)), shape=(n, n)).tocsr()
    start = index[USER]

    def query(question) -> list[tuple[int, ...]]:
        _order, predecessors = breadth_first_order(
            csr, start, directed=not as_asked, return_predecessors=True
        )
        found = []
        for t in targets_for(graph, question):
            i = index.get(t)
            if i is None:
                continue
            hops = []
            while i >= 0 and i != start and len(hops) <= MAX_HOPS:
                hops.append(i)
                i = predecessors[i]
            if i == start and hops:
                found.append(tuple(ids[j] for j in reversed(hops)))
        return _rank(graph, found)

    query.size = {"nodes": n, "stored_entries": int(csr.nnz)}
    return query


def scipy_as_asked(graph) -> Callable:
    return scipy_search(graph, as_asked=True)


BASELINES = {
    "scipy": ("SciPy BFS, symmetric CSR", scipy_search),
    "scipy_undirected": ("SciPy BFS, directed=False", scipy_as_asked),
    "networkx": ("NetworkX, cutoff 3", networkx_search),
}


# --- timing ----------------------------------------------------------------------------


def _time(query: Callable, asked: list[Asked]) -> tuple[list[float], list[list[tuple]]]:
    for a in asked[:WARMUPS]:
        query(a.question)
    gc.collect()
    clock = time.perf_counter
    times, answers = [], []
    for a in asked:
        started = clock()
        answer = query(a.question)
        times.append((clock() - started) * 1000)
        answers.append(answer)
    return times, answers


def _shortest(answer: list[tuple]) -> int | None:
    return min((len(hops) for hops in answer), default=None)


def _check(name: str, asked: list[Asked], theirs: list, mine: list) -> None:
    for a, t, m in zip(asked, theirs, mine, strict=True):
        if _shortest(t) != _shortest(m):
            raise PathsBenchError(
                f"{name} and find_paths disagree on {a.label}: shortest path "
                f"{_shortest(t)} hops against {_shortest(m)}"
            )


def _timed_load(actor) -> tuple[object, list[float]]:
    from coffeechat.network.graph import load_graph

    seconds = []
    for _ in range(LOAD_RUNS):
        graph = None
        gc.collect()
        started = time.perf_counter()
        graph = load_graph(actor)
        seconds.append(time.perf_counter() - started)
    return graph, seconds


def _cache_check_ms(actor) -> list[float]:
    from coffeechat.network import graph as network_graph

    network_graph.graph_for(actor)  # fills the cache
    times = []
    for _ in range(LOAD_RUNS * 4):
        started = time.perf_counter()
        network_graph.graph_for(actor)
        times.append((time.perf_counter() - started) * 1000)
    network_graph._cache.clear()
    return times


def measure(ws, *, seed: int) -> dict:
    """Everything above, on the workspace bench.run just built and timed."""
    from django.utils import timezone

    from bench.run import percentile, summary

    name = ws.size.name
    graph, load_seconds = _timed_load(ws.user)
    _log(f"  [{name}] graph loaded in {percentile(load_seconds, 0.5):.2f} s (median)")
    cache_ms = _cache_check_ms(ws.user)
    now = timezone.now()
    asked = questions(graph, seed=seed)

    our_ms, our_answers = _time(ours(graph, now), asked)
    _log(f"  [{name}] timed find_paths: p95 {percentile(our_ms, 0.95):.2f} ms")

    # The baselines search a graph with every tie in it: read whole, not timed.
    from coffeechat.network.graph import load_graph

    full = load_graph(ws.user, all_ties=True)
    # Imported before any clock starts, so a build's figure is the build's alone.
    import networkx  # noqa: F401
    import scipy.sparse.csgraph  # noqa: F401

    baselines = {}
    for label, (_title, build) in BASELINES.items():
        started = time.perf_counter()
        query = build(full)
        built = time.perf_counter() - started
        ms, answers = _time(query, asked)
        _check(label, asked, answers, our_answers)
        baselines[label] = {"ms": summary(ms), "build_seconds": round(built, 2), **query.size}
        _log(
            f"  [{name}] timed {label}: p95 {percentile(ms, 0.95):.1f} ms (built in {built:.1f} s)"
        )
        del query
        gc.collect()

    slowest = sorted(range(len(asked)), key=lambda i: -our_ms[i])[:SLOWEST_KEPT]
    mine = summary(our_ms)
    return {
        "graph": {
            "people": len(graph.people),
            "known": sum(1 for pid in graph.people if graph.known(pid)),
            "do_not_ask": sum(1 for p in graph.people.values() if p.do_not_ask),
            "ties": sum(len(ties) for ties in full.ties.values()) // 2,
            "colleague_pairs": sum(len(m) * (len(m) - 1) // 2 for m in graph.members.values()),
        },
        "load_seconds": summary(load_seconds),
        "cache_check_ms": summary(cache_ms),
        "questions": {kind: count for kind, count in QUESTIONS.items()},
        "answered": sum(1 for answer in our_answers if answer),
        "by_length": _by_length(our_answers),
        "ms": mine,
        "baselines": baselines,
        "ratios": {
            label: {q: mine[q] / b["ms"][q] for q in ("p50", "p95")}
            for label, b in baselines.items()
        },
        "slowest": [
            {
                "question": asked[i].label,
                "ms": our_ms[i],
                "targets": len(_targets(graph, asked[i])),
                "shortest": _shortest(our_answers[i]),
            }
            for i in slowest
        ],
    }


def _targets(graph, asked: Asked) -> list[int]:
    from coffeechat.network.graph import targets_for

    return targets_for(graph, asked.question)


def _by_length(answers: list[list[tuple]]) -> dict[str, int]:
    counts = {"1": 0, "2": 0, "3": 0, "none": 0}
    for answer in answers:
        shortest = _shortest(answer)
        counts[str(shortest) if shortest else "none"] += 1
    return counts


# --- the report ------------------------------------------------------------------------


def report(results: list[dict]) -> str:
    measured = [r for r in results if r.get("paths")]
    if not measured:
        return ""
    kinds = ", ".join(f"{n} {kind}" for kind, n in QUESTIONS.items())
    lines = [
        f"Warm paths: {sum(QUESTIONS.values())} questions ({kinds}), best {LIMIT} paths "
        f"of at most 3 hops, each question timed once after {WARMUPS} warm-ups"
    ]
    for r in measured:
        p, g = r["paths"], r["paths"]["graph"]
        lengths = p["by_length"]
        lines.append(
            f"{r['size']}: {g['known']:,} of {g['people']:,} people known, "
            f"{g['do_not_ask']:,} do-not-ask, {g['ties']:,} links and introductions, "
            f"{g['colleague_pairs']:,} colleague pairs; shortest answer 1/2/3 hops/none: "
            f"{lengths['1']}/{lengths['2']}/{lengths['3']}/{lengths['none']}"
        )
        lines.append(
            f"    graph load {p['load_seconds']['p50']:.2f} s (median of {LOAD_RUNS}); "
            f"graph_for's check that the cached graph is current: "
            f"{p['cache_check_ms']['p50']:.1f} ms"
        )
    lines.append("")
    header = (
        f"{'size':<5} {'search':<28} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'ours/it p50':>12} {'ours/it p95':>12} {'built s':>8}"
    )
    lines += [header, "-" * len(header)]
    for r in measured:
        p = r["paths"]
        lines.append(
            f"{r['size']:<5} {'find_paths (ours)':<28} "
            f"{p['ms']['p50']:>8.2f} {p['ms']['p95']:>8.2f} {'':>12} {'':>12} {'':>8}"
        )
        for label, (title, _build) in BASELINES.items():
            b, ratio = p["baselines"][label], p["ratios"][label]
            lines.append(
                f"{r['size']:<5} {title:<28} {b['ms']['p50']:>8.2f} {b['ms']['p95']:>8.2f} "
                f"{ratio['p50']:>12.3f} {ratio['p95']:>12.3f} {b['build_seconds']:>8.1f}"
            )
    target = next((r for r in measured if r["size"] == TARGET_AT), None)
    if target is None:
        lines.append(f"warm-path targets apply at {TARGET_AT}, not run")
        return "\n".join(lines)
    p = target["paths"]
    load, p95 = p["load_seconds"]["p50"], p["ms"]["p95"]
    vs_nx, vs_scipy = p["ratios"]["networkx"]["p95"], p["ratios"]["scipy"]["p95"]

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    lines.append(
        f"targets at {TARGET_AT}: graph load < {TARGET_LOAD_SECONDS:.0f} s "
        f"{verdict(load < TARGET_LOAD_SECONDS)} ({load:.2f}), "
        f"query p95 < {TARGET_QUERY_P95_MS:.0f} ms {verdict(p95 < TARGET_QUERY_P95_MS)} "
        f"({p95:.2f}), p95 faster than NetworkX {verdict(vs_nx < 1)} ({vs_nx:.3f}x), "
        f"p95 within {TARGET_SCIPY_RATIO:.0f}x the symmetric SciPy search "
        f"{verdict(vs_scipy <= TARGET_SCIPY_RATIO)} ({vs_scipy:.2f}x)"
    )
    return "\n".join(lines)
