"""Writes for preparing and for the meeting: research, the question plan, the ask, notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coffeechat.domain import prep as rules
from coffeechat.domain import questions
from coffeechat.interviews.models import Ask, Interview
from coffeechat.interviews.services import _check_owner, interview_update
from coffeechat.prep import selectors
from coffeechat.prep.models import MeetingNotes, OwnQuestion, PlannedQuestion, Research
from coffeechat.validation import refuse_control_characters

MAX_PART = 10_000  # characters in one research box
MAX_NOTES = 100_000
MAX_QUESTION = 500
# Past the warning at 10, a plan still takes a few more; beyond this it is not a plan.
MAX_PLANNED = 30
MAX_REVISION = 2**31 - 1  # PositiveIntegerField on every back end

RESEARCH_FIELDS = tuple(
    f"{part.key}_{kind}" for part in rules.RESEARCH_PARTS for kind in ("notes", "gaps")
)


def _lock(interview: Interview) -> None:
    # Two tabs (or a double click) changing one plan must not both read the same
    # positions; SQLite serializes writers already.
    Interview.objects.select_for_update().only("pk").get(pk=interview.pk)


# --- research ----------------------------------------------------------------------------


@transaction.atomic
def research_save(*, actor, interview: Interview, links: str = "", **parts: str) -> Research:
    """Keep the research notes: six boxes (RESEARCH_FIELDS) and the links, one per line."""
    _check_owner(actor, interview)
    unknown = set(parts) - set(RESEARCH_FIELDS)
    if unknown:
        raise ValueError(f"unknown research parts: {sorted(unknown)}")
    refuse_control_characters(links=links, **parts)
    errors = {
        name: f"Keep this box under {MAX_PART:,} characters (it has {len(value):,})."
        for name, value in parts.items()
        if len(value or "") > MAX_PART
    }
    try:
        checked_links = rules.research_links(links)
    except ValueError as error:
        errors["links"] = str(error)
    if errors:
        raise ValidationError(errors)
    research, _ = Research.objects.select_for_update().get_or_create(
        owner=actor, interview=interview
    )
    for name, value in parts.items():
        setattr(research, name, (value or "").replace("\r\n", "\n").strip())
    research.links = "\n".join(checked_links)
    research.save()
    return research


# --- the question plan -------------------------------------------------------------------


def _clean_question(text: str) -> str:
    refuse_control_characters(text=text)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": "Write the question first."})
    if len(text) > MAX_QUESTION:
        raise ValidationError(
            {"text": f"Keep a question under {MAX_QUESTION} characters (it has {len(text)})."}
        )
    return text


def _family(value: str) -> questions.Family:
    try:
        return questions.Family(value)
    except ValueError:
        names = ", ".join(f.label for f in questions.Family)
        raise ValidationError({"family": f"Choose a family for the question: {names}."}) from None


def _purposes(values: Iterable[str]) -> str:
    chosen = [v for v in values if v]
    bad = [v for v in chosen if v not in questions.PURPOSES]
    if bad:
        raise ValidationError(
            {"purposes": f"A purpose is one of {', '.join(questions.PURPOSES)}, not {bad[0]!r}."}
        )
    return ",".join(p for p in questions.PURPOSES if p in chosen)


def _renumber(items: Sequence[PlannedQuestion]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        PlannedQuestion.objects.bulk_update(changed, ["position"])


def _already_planned(plan: Sequence[PlannedQuestion], *, key: str, text: str) -> bool:
    if key and key in selectors.planned_keys(plan):
        return True
    return any(item.text.casefold() == text.casefold() for item in plan)


@transaction.atomic
def question_plan_add(
    *,
    actor,
    interview: Interview,
    bank_key: str = "",
    own: OwnQuestion | None = None,
    text: str = "",
    family: str = "",
    keep: bool = False,
) -> PlannedQuestion:
    """Add a question to the plan, last: from the bank, from the user's own, or typed here.

    Typed text with keep=True is also saved as the user's own question (with its family),
    so it joins the bank for their other interviews.
    """
    _check_owner(actor, interview, own)
    sources = sum(1 for given in (bank_key, own, (text or "").strip()) if given)
    if sources != 1:
        raise ValidationError("Pick a question from the list, or write your own.")
    _lock(interview)
    plan = list(selectors.plan_for(actor=actor, interview=interview))
    if len(plan) >= MAX_PLANNED:
        raise ValidationError(
            f"The plan has {len(plan)} questions already; remove some before adding more."
        )
    key = ""
    if bank_key:
        if bank_key.startswith(selectors.OWN_PREFIX):
            own = _own_from_key(actor, bank_key)
        else:
            found = questions.by_key(bank_key)
            if found is None:
                raise ValidationError(
                    {"bank_key": f"There is no question {bank_key!r} in the bank."}
                )
            key, text = found.key, found.text
    if own is not None:
        key, text = f"{selectors.OWN_PREFIX}{own.pk}", own.text
        bank_key = ""
    elif not key:
        text = _clean_question(text)
        if keep:
            # Kept in the bank: the same words already there are reused, not doubled.
            own = selectors.own_questions_for(actor=actor).filter(text__iexact=text).first()
            if own is None:
                own = own_question_save(actor=actor, text=text, family=family)
            key = f"{selectors.OWN_PREFIX}{own.pk}"
    if _already_planned(plan, key=key, text=text):
        raise ValidationError("That question is in your plan already.")
    position = PlannedQuestion.objects.filter(interview=interview).aggregate(top=Max("position"))[
        "top"
    ]
    return PlannedQuestion.objects.create(
        owner=actor,
        interview=interview,
        bank_key=key if not own else "",
        own=own,
        text=text,
        position=0 if position is None else position + 1,
    )


def _own_from_key(actor, key: str) -> OwnQuestion:
    try:
        pk = int(key.removeprefix(selectors.OWN_PREFIX))
        return selectors.own_question_for(actor=actor, pk=pk)
    except (ValueError, OwnQuestion.DoesNotExist):
        raise ValidationError({"bank_key": "That question of yours no longer exists."}) from None


@transaction.atomic
def question_plan_remove(*, actor, question: PlannedQuestion) -> None:
    _check_owner(actor, question)
    _lock(question.interview)
    question.delete()
    _renumber(list(selectors.plan_for(actor=actor, interview=question.interview)))


@transaction.atomic
def question_plan_move(*, actor, question: PlannedQuestion, step: int) -> list[PlannedQuestion]:
    """Move one question up (step -1) or down (+1) by one place; the plan, in order."""
    _check_owner(actor, question)
    _lock(question.interview)
    plan = list(selectors.plan_for(actor=actor, interview=question.interview))
    try:
        order = rules.moved([item.pk for item in plan], question.pk, step)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    by_pk = {item.pk: item for item in plan}
    ordered = [by_pk[pk] for pk in order]
    _renumber(ordered)
    return ordered


@transaction.atomic
def question_plan_order(
    *, actor, interview: Interview, ids: Sequence[int]
) -> list[PlannedQuestion]:
    """Put the plan in the order given (every planned question's id once): after a drag."""
    _check_owner(actor, interview)
    _lock(interview)
    plan = list(selectors.plan_for(actor=actor, interview=interview))
    try:
        order = rules.checked_order([item.pk for item in plan], ids)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    by_pk = {item.pk: item for item in plan}
    ordered = [by_pk[pk] for pk in order]
    _renumber(ordered)
    return ordered


@transaction.atomic
def question_plan_suggest(*, actor, interview: Interview) -> list[PlannedQuestion]:
    """Fill an empty plan with the suggested questions; a plan with questions is left alone.

    Left alone rather than refused, so a second click (or a second tab) adds nothing twice.
    """
    _check_owner(actor, interview)
    _lock(interview)
    if selectors.plan_for(actor=actor, interview=interview).exists():
        return []
    added = []
    seen: set[str] = set()
    for position, suggestion in enumerate(
        selectors.suggestions_for(actor=actor, interview=interview)
    ):
        if suggestion.key in seen:
            continue
        seen.add(suggestion.key)
        own_pk = None
        if suggestion.key.startswith(selectors.OWN_PREFIX):
            own_pk = int(suggestion.key.removeprefix(selectors.OWN_PREFIX))
        added.append(
            PlannedQuestion(
                owner=actor,
                interview=interview,
                bank_key="" if own_pk else suggestion.key,
                own_id=own_pk,
                text=suggestion.text,
                position=position,
            )
        )
    return PlannedQuestion.objects.bulk_create(added)


# --- the user's own questions ------------------------------------------------------------


@transaction.atomic
def own_question_save(
    *,
    actor,
    text: str,
    family: str,
    purposes: Iterable[str] = (),
    question: OwnQuestion | None = None,
) -> OwnQuestion:
    """Write (or rewrite) one of the user's own questions; it joins their bank."""
    _check_owner(actor, question)
    text = _clean_question(text)
    chosen = _family(family)
    kept = _purposes(purposes)
    duplicate = (
        selectors.own_questions_for(actor=actor)
        .filter(text__iexact=text)
        .exclude(pk=question.pk if question else None)
    )
    if duplicate.exists():
        raise ValidationError({"text": "You have this question in your bank already."})
    if question is None:
        question = OwnQuestion(owner=actor)
    question.text, question.family, question.purposes = text, chosen.value, kept
    question.save()
    return question


@transaction.atomic
def own_question_delete(*, actor, question: OwnQuestion) -> None:
    """Take a question out of the user's bank; plans that hold it keep its text."""
    _check_owner(actor, question)
    question.delete()


# --- the ask -----------------------------------------------------------------------------


@transaction.atomic
def ask_save(*, actor, interview: Interview, ask: str, applying_for: str = "") -> str | None:
    """Choose the one ask for the end; returns the warning it draws, if any."""
    if ask not in Ask.values:
        choices = "; ".join(label for _, label in Ask.choices)
        raise ValidationError({"ask": f"Choose one of the usual asks: {choices}"})
    interview_update(actor=actor, interview=interview, ask=ask, applying_for=applying_for or "")
    return selectors.ask_warning(interview)


# --- the meeting -------------------------------------------------------------------------


def _notes(actor, interview: Interview) -> MeetingNotes:
    notes, _ = MeetingNotes.objects.select_for_update().get_or_create(
        owner=actor, interview=interview
    )
    return notes


@transaction.atomic
def meeting_start(*, actor, interview: Interview, at: datetime | None = None) -> MeetingNotes:
    """Start the meeting clock; pressing Start again keeps the first start."""
    _check_owner(actor, interview)
    notes = _notes(actor, interview)
    if notes.started_at is None:
        notes.started_at = at or timezone.now()
        notes.save(update_fields=["started_at", "updated_at"])
    return notes


class NotesSaved(NamedTuple):
    revision: int  # the stored one, after this save
    saved: bool  # whether this save's text is the one stored


@transaction.atomic
def notes_save(*, actor, interview: Interview, text: str, revision: int) -> NotesSaved:
    """Keep the notes as typed, unless the same or a newer revision is stored.

    Saves from a phone can arrive out of order on a flaky connection; the revision
    counts the client's saves, so an older one arriving late never overwrites a newer.
    Two windows that started from the same notes send the same revision: the first one
    wins, and the second is told it was not saved.
    """
    _check_owner(actor, interview)
    if not isinstance(revision, int) or not 0 <= revision <= MAX_REVISION:
        raise ValidationError({"revision": "The revision is a whole number of saves."})
    refuse_control_characters(text=text)
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_NOTES:
        size = f"under {MAX_NOTES:,} characters (these have {len(text):,})"
        raise ValidationError({"text": f"Notes are kept short: {size}."})
    notes = _notes(actor, interview)
    if revision <= notes.revision:
        return NotesSaved(notes.revision, saved=False)
    notes.text, notes.revision = text, revision
    notes.save(update_fields=["text", "revision", "updated_at"])
    return NotesSaved(notes.revision, saved=True)


@transaction.atomic
def question_tick(
    *, actor, question: PlannedQuestion, asked: bool, at: datetime | None = None
) -> PlannedQuestion:
    """Mark a planned question asked (or not): the box's state, so a repeat does no harm."""
    _check_owner(actor, question)
    if asked and question.asked_at is None:
        question.asked_at = at or timezone.now()
    elif not asked:
        question.asked_at = None
    question.save(update_fields=["asked_at"])
    return question
