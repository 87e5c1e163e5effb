"""Today: every due and overdue next action across the user's interviews, people and
the action items their advice became.

The rules live in coffeechat.domain.today. Interviews and people store the first
moment they can need attention (next_action_at, keep_in_touch_due_at), and an action
item its due day, so this reads three index ranges and applies the exact rule only to
the rows that come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.debrief.models import ActionItem
from coffeechat.domain import today as rules
from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import MAX_MINUTES, Interview
from coffeechat.network.models import Person


@dataclass(frozen=True)
class TodayItem:
    action: rules.Action
    status: rules.Status
    reason: str
    person: Person
    interview: Interview | None = None
    # Set for advice turned into an action item; `interview` is the conversation it came from.
    action_item: ActionItem | None = None

    @property
    def order(self) -> tuple:
        """Longest-waiting first; ties in the order the page's rows were chosen."""
        if self.action_item is not None:
            return (self.action.show_from, 2, self.action_item.pk)
        if self.interview is not None:
            return (self.action.show_from, 0, self.interview.pk)
        return (self.action.show_from, 1, self.person.pk)

    @property
    def url(self) -> str:
        """Where "Open" goes: the debrief an action item came from, else the interview or
        the person."""
        if self.action_item is not None:
            return reverse("debrief", args=[self.action_item.interview_id])
        if self.interview is not None:
            return self.interview.get_absolute_url()
        return self.person.get_absolute_url()

    @property
    def key(self) -> str:
        if self.action_item is not None:
            return f"action-item-{self.action_item.pk}"
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
    "connector_id",
    "connector_answer",
    "connector_followed_up_at",
)


def _facts(
    stage,
    entered,
    minutes,
    meeting_at,
    revisit_on,
    prepared_at,
    connector_id,
    connector_answer,
    connector_followed_up_at,
) -> rules.InterviewFacts:
    return rules.InterviewFacts(
        stage=stage,
        stage_entered_at=entered,
        minutes=minutes,
        meeting_at=meeting_at,
        revisit_on=revisit_on,
        prepared=prepared_at is not None,
        connector_waiting=connector_id is not None and not connector_answer,
        connector_followed_up=connector_followed_up_at is not None,
    )


def _due_interviews(actor, now):
    return Interview.objects.filter(owner=actor, next_action_at__lte=now)


def _interview_actions(actor, now, tz, wanted: int) -> tuple[list, int | None]:
    """The `wanted` interview actions that show earliest, as (action, interview id),
    and how many interviews need an action now, when the scan saw them all.

    Reads the (owner, next_action_at) index in order, in batches. The action that
    applies now never shows before the stored next_action_at, so once `wanted` actions
    are found, a row stored later than the last of them can't make the page and the
    scan stops: the work follows the page, not the size of the backlog. A short backlog
    is read whole, and then its count comes for free.
    """
    rows = (
        _due_interviews(actor, now)
        .order_by("next_action_at", "id")
        .values_list("next_action_at", *FACT_COLUMNS)
    )
    batch = max(4 * wanted, 200)
    found: list[tuple[rules.Action, int]] = []
    with_action = 0
    start = 0
    while True:
        chunk = list(rows[start : start + batch])
        for next_action_at, pk, *facts in chunk:
            if len(found) >= wanted:
                found.sort(key=lambda pair: (pair[0].show_from, pair[1]))
                del found[wanted:]
                if next_action_at > found[-1][0].show_from:
                    return found, None
            action = rules.interview_action_at(_facts(*facts), now, tz)
            if action is not None:
                found.append((action, pk))
                with_action += 1
        if len(chunk) < batch:
            found.sort(key=lambda pair: (pair[0].show_from, pair[1]))
            return found[:wanted], with_action
        start += batch


def _interviews_needing_action(actor, now, tz) -> int:
    """How many interviews have an action now: the due rows, less meetings under way.

    A meeting under way (started, not ended, not prepared for) is the one case where a
    due row has nothing to do yet: preparing stopped at the start, recording waits for
    the end. Meetings last at most MAX_MINUTES, so those rows are few.
    """
    under_way = _due_interviews(actor, now).filter(
        stage=Stage.SCHEDULED,
        prepared_at__isnull=True,
        meeting_at__lte=now,
        meeting_at__gt=now - timedelta(minutes=MAX_MINUTES),
    )
    idle = sum(
        1
        for _, *facts in under_way.values_list(*FACT_COLUMNS)
        if rules.interview_action_at(_facts(*facts), now, tz) is None
    )
    return _due_interviews(actor, now).count() - idle


def _due_people(actor, now):
    # keep_in_touch_due_at is only set while keep-in-touch is on (refresh_keep_in_touch),
    # so the index alone answers.
    return Person.objects.filter(owner=actor, keep_in_touch_due_at__lte=now)


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


def _due_action_items(actor, now, tz):
    # Open items due by the user's today: shown from the start of their day, so a due
    # day up to today's date in the user's zone is exactly "show_from <= now". The
    # (owner, done_at, due_on) index answers it in due order.
    return ActionItem.objects.filter(
        owner=actor, done_at__isnull=True, due_on__lte=now.astimezone(tz).date()
    )


def _action_item_items(actor, now, tz, limit) -> list[TodayItem]:
    rows = (
        _due_action_items(actor, now, tz)
        .select_related("interview", "interview__person", "interview__person__organization")
        .order_by("due_on", "id")[:limit]
    )
    items = []
    for item in rows:
        action = rules.action_item_action(item.due_on, tz)
        person = item.interview.person
        text = rules.reason(action, person=person.name, now=now, tz=tz, advice=item.text)
        items.append(
            TodayItem(action, action.status_at(now), text, person, item.interview, action_item=item)
        )
    return items


def today_for(*, actor, now: datetime | None = None, offset: int = 0, limit: int = 25) -> TodayPage:
    """One page of Today, the longest-waiting first.

    An offset past the end gives the last page, as Django's paginator does.
    """
    now = now or timezone.now()
    profile = profile_for(actor)
    tz = profile.tz
    offset = max(offset, 0)
    # Every source in show_from order, so the first offset+limit of each build the page.
    window = offset + limit
    heads, interview_total = _interview_actions(actor, now, tz, window)
    people = _person_items(actor, now, tz, profile.keep_in_touch_days, window + 1)
    advice = _action_item_items(actor, now, tz, window + 1)
    if interview_total is None:
        interview_total = _interviews_needing_action(actor, now, tz)
    people_total = len(people) if len(people) <= window else _due_people(actor, now).count()
    advice_total = (
        len(advice) if len(advice) <= window else _due_action_items(actor, now, tz).count()
    )
    total = interview_total + people_total + advice_total
    last_page_offset = max(total - 1, 0) // limit * limit
    if offset > last_page_offset:
        return today_for(actor=actor, now=now, offset=last_page_offset, limit=limit)
    interviews = Interview.objects.select_related(
        "person", "person__organization", "connector"
    ).in_bulk([pk for _, pk in heads])
    items = []
    for action, pk in heads:
        interview = interviews[pk]
        text = rules.reason(
            action,
            person=interview.person.name,
            now=now,
            tz=tz,
            facts=interview.facts,
            connector=interview.connector.name if interview.connector else "",
        )
        items.append(TodayItem(action, action.status_at(now), text, interview.person, interview))
    items += people[:window]
    items += advice[:window]
    items.sort(key=lambda item: item.order)
    return TodayPage(items=items[offset:window], total=total, offset=offset, limit=limit)
