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


FACT_COLUMNS = (
    "pk",
    "stage",
    "stage_entered_at",
    "minutes",
    "meeting_at",
    "revisit_on",
    "prepared_at",
)


def _interview_actions(actor, now, tz) -> list[tuple[rules.Action, int]]:
    """(action, interview id) for every interview that needs something now.

    The index narrows the rows to those whose first action has begun; the exact rule
    then drops the few with nothing to do yet (a meeting under way), so the count and
    the order are the rule's, not the index's.
    """
    rows = Interview.objects.filter(owner=actor, next_action_at__lte=now).values_list(*FACT_COLUMNS)
    found = []
    for pk, stage, entered, minutes, meeting_at, revisit_on, prepared_at in rows:
        facts = rules.InterviewFacts(
            stage=stage,
            stage_entered_at=entered,
            minutes=minutes,
            meeting_at=meeting_at,
            revisit_on=revisit_on,
            prepared=prepared_at is not None,
        )
        action = rules.interview_action_at(facts, now, tz)
        if action is not None:
            found.append((action, pk))
    return found


def _due_people(actor, now):
    return Person.objects.filter(owner=actor, keep_in_touch=True, keep_in_touch_due_at__lte=now)


def _person_items(actor, now, tz, cadence_default, limit) -> list[TodayItem]:
    rows = (
        _due_people(actor, now)
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
    """One page of Today, the longest-waiting first.

    An offset past the end gives the last page, as Django's paginator does.
    """
    now = now or timezone.now()
    profile = profile_for(actor)
    tz = profile.tz
    interview_actions = _interview_actions(actor, now, tz)
    total = len(interview_actions) + _due_people(actor, now).count()
    last_page_offset = max(total - 1, 0) // limit * limit
    offset = min(max(offset, 0), last_page_offset)
    window = offset + limit
    # Both sources in show_from order, so the first offset+limit of each build the page.
    interview_actions.sort(key=lambda pair: (pair[0].show_from, pair[1]))
    heads = interview_actions[:window]
    interviews = Interview.objects.select_related("person", "person__organization").in_bulk(
        [pk for _, pk in heads]
    )
    items = []
    for action, pk in heads:
        interview = interviews[pk]
        text = rules.reason(
            action, person=interview.person.name, now=now, tz=tz, facts=interview.facts
        )
        items.append(TodayItem(action, action.status_at(now), text, interview.person, interview))
    items += _person_items(actor, now, tz, profile.keep_in_touch_days, window)
    items.sort(key=lambda item: (item.action.show_from, item.key))
    return TodayPage(items=items[offset:window], total=total, offset=offset, limit=limit)
