"""Rules for getting ready and for the meeting itself (DOMAIN.md "Preparing", "During").

Plain Python, no database: the resume ask's warning, the meeting clock, the research
links, and the order of the planned questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

PASS_RESUME = "pass_resume"
WRAP_UP = "Time to offer to wrap up"
# Links are for reading before the meeting, not a bookmark store.
MAX_LINKS = 30
MAX_LINK_LENGTH = 500


@dataclass(frozen=True)
class ResearchPart:
    key: str  # "field": the model has field_notes and field_gaps
    title: str
    prompt: str  # what to look for
    gaps_prompt: str  # what could not be found online: the best questions


RESEARCH_PARTS = (
    ResearchPart(
        "field",
        "The field",
        "What the work is about, where it is heading, the words insiders use.",
        "What you could not find out about the field online (ask about it).",
    ),
    ResearchPart(
        "organization",
        "The organization",
        "What they do, how big they are, recent news, how the teams are laid out.",
        "What you could not find out about the organization online (ask about it).",
    ),
    ResearchPart(
        "person",
        "The person",
        "Their role, their path so far, anything they wrote or said in public.",
        "What you could not find out about them online (ask about it).",
    ),
)


def resume_ask_warning(*, ask: str, applying_for: str, organization: str = "") -> str | None:
    """A warning when the ask is to pass on a resume without a role being applied for.

    DOMAIN.md: that ask only suits someone actively applying for a specific role at
    the person's organization; otherwise it turns a conversation into a job request.
    """
    if ask != PASS_RESUME or (applying_for or "").strip():
        return None
    where = (organization or "").strip() or "their organization"
    return (
        f"Ask them to pass on your resume only if you are actively applying for a specific "
        f"role at {where}. Name the role you are applying for, or choose another ask."
    )


@dataclass(frozen=True)
class TimerState:
    minutes: int
    started: bool
    elapsed: timedelta
    remaining: timedelta  # never negative
    over: bool  # the agreed minutes are reached
    overtime: timedelta  # how far past them, zero until then
    message: str

    @property
    def over_by(self) -> str:
        """How far past the agreed time ("3 min over"), once a whole minute has passed."""
        whole = int(self.overtime.total_seconds()) // 60
        return f"{whole} min over" if whole else ""

    @property
    def clock(self) -> str:
        """What the big clock reads: the time left, or "+mm:ss" past the limit."""
        if self.over:
            return "+" + _mm_ss(self.overtime)
        return _mm_ss(self.remaining)

    @property
    def seconds_left(self) -> int:
        """Negative once over: the meeting page's script counts on from here."""
        return int((self.remaining - self.overtime).total_seconds())


def _mm_ss(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def timer_state(*, started_at: datetime | None, now: datetime, minutes: int) -> TimerState:
    """Where the conversation stands against the agreed minutes."""
    agreed = timedelta(minutes=minutes)
    if started_at is None:
        return TimerState(
            minutes=minutes,
            started=False,
            elapsed=timedelta(0),
            remaining=agreed,
            over=False,
            overtime=timedelta(0),
            message=f"Not started: {minutes} minutes agreed. Press Start when you begin.",
        )
    # A phone's clock a little behind the server's must not show more than agreed.
    elapsed = max(now - started_at, timedelta(0))
    over = elapsed >= agreed
    overtime = elapsed - agreed if over else timedelta(0)
    remaining = timedelta(0) if over else agreed - elapsed
    if over:
        message = WRAP_UP
    else:
        left = -(-int(remaining.total_seconds()) // 60)  # rounded up: "1 min left" to the end
        message = f"{left} min left"
    return TimerState(
        minutes=minutes,
        started=True,
        elapsed=elapsed,
        remaining=remaining,
        over=over,
        overtime=overtime,
        message=message,
    )


def research_links(text: str) -> list[str]:
    """The web addresses in `text`, one per line; ValueError naming each line refused."""
    links: list[str] = []
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        problem = _link_problem(line)
        if problem:
            problems.append(f"line {number} {problem}")
        elif line not in links:
            links.append(line)
    if problems:
        shown = "; ".join(problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ValueError(f"Links: {shown}{more}. Put one web address per line.")
    if len(links) > MAX_LINKS:
        raise ValueError(f"Links: keep at most {MAX_LINKS} addresses (there are {len(links)}).")
    return links


def _link_problem(line: str) -> str:
    shown = line if len(line) <= 60 else line[:57] + "..."
    if len(line) > MAX_LINK_LENGTH:
        return f"is longer than {MAX_LINK_LENGTH} characters"
    if any(c.isspace() or ord(c) < 32 for c in line):
        return f"({shown!r}) has a space in it"
    try:
        parts = urlsplit(line)
    except ValueError:
        return f"({shown!r}) is not a web address"
    if parts.scheme.lower() not in ("http", "https"):
        return f"({shown!r}) does not start with https:// or http://"
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return f"({shown!r}) has no site name after the //"
    return ""


# --- the order of the planned questions ------------------------------------------------


def moved(order: Sequence[int], item: int, step: int) -> list[int]:
    """`order` with `item` moved one place up (step -1) or down (+1); at an end, unchanged."""
    order = list(order)
    if step not in (-1, 1):
        raise ValueError("A question moves one place up or down.")
    if item not in order:
        raise ValueError("That question is not in this plan.")
    at = order.index(item)
    to = at + step
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    return order


def checked_order(current: Sequence[int], proposed: Sequence[int]) -> list[int]:
    """The proposed full order, if it names each current question exactly once."""
    proposed = list(proposed)
    if len(set(proposed)) != len(proposed) or set(proposed) != set(current):
        raise ValueError(
            "The new order must list each planned question once: "
            "the plan changed in another tab, so reload the page and try again."
        )
    return proposed
