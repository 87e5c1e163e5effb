"""Today: every due and overdue next action across the user's interviews and people.

The rules live in coffeechat.domain.today. Interviews and people store the first
moment they can need attention (next_action_at, keep_in_touch_due_at), so this reads
two index ranges and applies the exact rule only to the rows that come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain import today as rules
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person


@dataclass(frozen=True)
class TodayItem:
    action: rules.Action
    status: rules.Status
    reason: str
    person: Person
    interview: Interview | None = None

    @property
    def key(self) -> str:
        if self.interview is not None:
            return f"interview-{self.interview.pk}-{self.action.kind}"
        return f"person-{self.person.pk}-{self.action.kind}"


@dataclass(frozen=True)
class TodayPage:
    items: list[TodayItem]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def _interview_items(actor, now, tz, limit) -> list[TodayItem]:
    rows = (
        Interview.objects.filter(owner=actor, next_action_at__lte=now)
        .select_related("person", "person__organization")
        .order_by("next_action_at", "id")[:limit]
    )
    items = []
    for interview in rows:
        facts = interview.facts
        action = rules.interview_action_at(facts, now, tz)
        if action is None:
            continue  # e.g. the meeting is under way: nothing to do until it ends
        text = rules.reason(action, person=interview.person.name, now=now, tz=tz, facts=facts)
        items.append(TodayItem(action, action.status_at(now), text, interview.person, interview))
    return items


def _person_items(actor, now, tz, cadence_default, limit) -> list[TodayItem]:
    rows = (
        Person.objects.filter(owner=actor, keep_in_touch=True, keep_in_touch_due_at__lte=now)
        .select_related("organization")
        .order_by("keep_in_touch_due_at", "id")[:limit]
    )
    items = []
    for person in rows:
        cadence = person.keep_in_touch_days or cadence_default
        action = rules.keep_in_touch_action(person.last_contacted_at, cadence)
        text = rules.reason(
            action,
            person=person.name,
            now=now,
            tz=tz,
            last_contacted_at=person.last_contacted_at,
            cadence_days=cadence,
        )
        items.append(TodayItem(action, action.status_at(now), text, person))
    return items


def today_for(*, actor, now: datetime | None = None, offset: int = 0, limit: int = 25) -> TodayPage:
    """One page of Today, the longest-waiting first."""
    now = now or timezone.now()
    profile = profile_for(actor)
    tz = profile.tz
    # Both sources are ordered by when they began to show, so the first offset+limit
    # of each are enough to build the merged page.
    window = offset + limit
    items = _interview_items(actor, now, tz, window) + _person_items(
        actor, now, tz, profile.keep_in_touch_days, window
    )
    items.sort(key=lambda item: (item.action.show_from, item.key))
    total = (
        Interview.objects.filter(owner=actor, next_action_at__lte=now).count()
        + Person.objects.filter(
            owner=actor, keep_in_touch=True, keep_in_touch_due_at__lte=now
        ).count()
    )
    return TodayPage(items=items[offset:window], total=total, offset=offset, limit=limit)
