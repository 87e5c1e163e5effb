"""Reads of interviews, every one scoped to its owner."""

from __future__ import annotations

from django.db.models import Count, QuerySet

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
    """Columns of the board: each stage with its count and its most recent interviews."""
    counts = dict(
        Interview.objects.filter(owner=actor)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    columns = []
    for stage in ALL_STAGES:
        total = counts.get(stage.value, 0)
        cards = list(interviews_for(actor=actor, stage=stage)[:per_stage]) if total else []
        columns.append({"stage": stage, "total": total, "cards": cards})
    return columns
