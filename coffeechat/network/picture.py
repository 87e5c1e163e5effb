"""The paths drawn as a small network: the user in the middle, each path a spoke.

Geometry only (positions, lines, labels) for a server-rendered SVG: no script, nothing
for the page's Content-Security-Policy to refuse. A person on several paths is drawn
once, where their first path puts them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coffeechat.domain.paths import Graph, Path

HOP = 95  # pixels between rings
LABEL_CHARACTERS = 18


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    label: str
    kind: str  # "you", "known", "target", "between"
    title: str


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


@dataclass(frozen=True)
class Picture:
    nodes: list[Node]
    edges: list[Edge]
    size: int
    description: str


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1] + "…"


def draw(paths: list[Path], graph: Graph) -> Picture | None:
    if not paths:
        return None
    rings = max(p.length for p in paths)
    half = HOP * rings + 70
    placed: dict[int, tuple[float, float]] = {}
    nodes = [Node(0, 0, "You", "you", "You")]
    edges: list[Edge] = []
    for i, path in enumerate(paths):
        angle = -math.pi / 2 + 2 * math.pi * i / len(paths)
        previous = (0.0, 0.0)
        for ring, pid in enumerate(path.hops, start=1):
            if pid not in placed:
                point = (
                    round(HOP * ring * math.cos(angle), 1),
                    round(HOP * ring * math.sin(angle), 1),
                )
                placed[pid] = point
                person = graph.people[pid]
                kind = "target" if pid == path.target else ("known" if ring == 1 else "between")
                role = f", {person.title}" if person.title else ""
                nodes.append(Node(*point, _short(person.name), kind, f"{person.name}{role}"))
            point = placed[pid]
            # The user's own tie is solid; ties the user only knows of are dashed.
            edges.append(Edge(*previous, *point, dashed=ring > 1))
            previous = point
    who = "; ".join(" → ".join(["you", *(graph.people[h].name for h in p.hops)]) for p in paths)
    return Picture(nodes, edges, half, f"Paths from you: {who}.")
