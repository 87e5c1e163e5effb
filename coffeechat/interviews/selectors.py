"""Reads of interviews, every one scoped to its owner."""

from __future__ import annotations

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber

from coffeechat.domain.lifecycle import ALL_STAGES, Stage
from coffeechat.interviews.models import Interview, StageChange


def interviews_for(*, actor, stage: str | None = None, person=None) -> QuerySet[Interview]:
    interviews = Interview.objects.filter(owner=actor).select_related(
        "person", "person__organization"
    )
    if stage:
        interviews = interviews.filter(stage=Stage(stage))
    if person is not None:
        interviews = interviews.filter(person=person)
    return interviews.order_by("-updated_at", "-id")


def interview_for(*, actor, pk: int) -> Interview:
    """One of the user's interviews; Interview.DoesNotExist for anyone else's."""
    return (
        Interview.objects.filter(owner=actor)
        .select_related("person", "person__organization", "connector")
        .get(pk=pk)
    )


def history_for(*, actor, interview: Interview) -> QuerySet[StageChange]:
    return StageChange.objects.filter(interview__owner=actor, interview=interview)


def board_for(*, actor, per_stage: int = 8) -> list[dict]:
    """Columns of the board: each stage with its count and its most recent interviews.

    One query for the counts and one for the cards: the most recent few per stage,
    ranked by a window function rather than a query per column.
    """
    counts = dict(
        Interview.objects.filter(owner=actor)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    rank = Window(
        RowNumber(), partition_by=[F("stage")], order_by=[F("updated_at").desc(), F("id").desc()]
    )
    cards = interviews_for(actor=actor).annotate(rank=rank).filter(rank__lte=per_stage)
    by_stage: dict[str, list[Interview]] = {}
    for card in cards:
        by_stage.setdefault(card.stage, []).append(card)
    return [
        {
            "stage": stage,
            "total": counts.get(stage.value, 0),
            "cards": by_stage.get(stage.value, []),
        }
        for stage in ALL_STAGES
    ]
