"""Reads for the debrief and the comparison, every one scoped to its owner."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.interviews.models import Interview

# More columns than this stop being a comparison and become a spreadsheet.
MAX_COMPARE = 6

# How well the user would fit, in words: the form's choices, the comparison and the CLI.
FIT_WORDS = {
    1: "a poor fit",
    2: "doubtful",
    3: "could work",
    4: "a good fit",
    5: "a very good fit",
}

# The culture, in DOMAIN.md's five parts, with the labels the pages and the CLI show.
CULTURE = (
    ("team_size", "Team size"),
    ("team_ways", "How the team works"),
    ("flexible_work", "Flexible work"),
    ("office_setting", "Office setting"),
    ("management_style", "Management style"),
)


def debrief_for(*, actor, interview: Interview) -> Debrief | None:
    return Debrief.objects.filter(owner=actor, interview=interview).first()


def action_items_for(*, actor, interview: Interview) -> QuerySet[ActionItem]:
    """Open ones first, each group by due day."""
    return ActionItem.objects.filter(owner=actor, interview=interview).order_by(
        "done_at", "due_on", "id"
    )


def action_item_for(*, actor, pk: int) -> ActionItem:
    """One of the user's action items; ActionItem.DoesNotExist for anyone else's."""
    return (
        ActionItem.objects.filter(owner=actor)
        .select_related("interview", "interview__person")
        .get(pk=pk)
    )


def open_action_count(*, actor, interview: Interview) -> int:
    return ActionItem.objects.filter(owner=actor, interview=interview, done_at=None).count()


def referrals_for(*, actor, interview: Interview) -> QuerySet[Interview]:
    """The interviews opened with the people suggested in this conversation."""
    return (
        interview.referrals.filter(owner=actor)
        .select_related("person", "person__organization")
        .order_by("created_at", "id")
    )


def meeting_notes_for(*, actor, interview: Interview) -> str:
    """What the user typed during the conversation, shown beside the debrief."""
    from coffeechat.prep.models import MeetingNotes

    notes = MeetingNotes.objects.filter(owner=actor, interview=interview).first()
    return notes.text if notes else ""


def debriefed_for(*, actor) -> QuerySet[Interview]:
    """The user's interviews with a debrief, most recently debriefed first."""
    return (
        Interview.objects.filter(owner=actor, debrief__isnull=False)
        .select_related("person", "person__organization", "debrief")
        .order_by("-debrief__updated_at", "-id")
    )


@dataclass(frozen=True)
class CompareColumn:
    interview: Interview
    debrief: Debrief | None  # None: one of the user's interviews, not debriefed yet

    @property
    def fit_words(self) -> str:
        fit = self.debrief.fit if self.debrief else None
        return f"{fit} of 5, {FIT_WORDS[fit]}" if fit else ""


def compare_rows(*, actor, ids) -> list[CompareColumn]:
    """The chosen interviews side by side, in the order asked for.

    Raises Interview.DoesNotExist when any id is not one of the user's interviews, so
    the page is a 404 whether the id is unknown or someone else's; ValueError for an id
    that is not a number.
    """
    wanted: list[int] = []
    for raw in ids:
        pk = int(raw)
        if not 0 < pk < 2**63:  # no such row; past 2**63 the database can't even look
            raise Interview.DoesNotExist("No such interview.")
        if pk not in wanted:
            wanted.append(pk)
    wanted = wanted[:MAX_COMPARE]
    found = (
        Interview.objects.filter(owner=actor, pk__in=wanted)
        .select_related("person", "person__organization")
        .in_bulk()
    )
    if len(found) != len(wanted):
        raise Interview.DoesNotExist("No such interview.")
    debriefs = {
        d.interview_id: d for d in Debrief.objects.filter(owner=actor, interview__in=wanted)
    }
    return [CompareColumn(found[pk], debriefs.get(pk)) for pk in wanted]
