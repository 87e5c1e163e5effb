"""Reads for preparing and for the meeting: every one scoped to its owner."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from coffeechat.accounts.services import profile_for
from coffeechat.domain import questions
from coffeechat.domain.prep import RESEARCH_PARTS, WRAP_UP, resume_ask_warning, timer_state
from coffeechat.interviews.models import Interview
from coffeechat.prep.models import MeetingNotes, OwnQuestion, PlannedQuestion, Research

OWN_PREFIX = "own-"


def research_for(*, actor, interview: Interview) -> Research | None:
    return Research.objects.filter(owner=actor, interview=interview).first()


def plan_for(*, actor, interview: Interview) -> QuerySet[PlannedQuestion]:
    return PlannedQuestion.objects.filter(owner=actor, interview=interview).order_by(
        "position", "id"
    )


def planned_question_for(*, actor, pk: int) -> PlannedQuestion:
    """One planned question of the user's; PlannedQuestion.DoesNotExist for anyone else's."""
    return PlannedQuestion.objects.select_related("interview").get(owner=actor, pk=pk)


def own_questions_for(*, actor) -> QuerySet[OwnQuestion]:
    return OwnQuestion.objects.filter(owner=actor)


def own_question_for(*, actor, pk: int) -> OwnQuestion:
    return OwnQuestion.objects.get(owner=actor, pk=pk)


def notes_for(*, actor, interview: Interview) -> MeetingNotes | None:
    return MeetingNotes.objects.filter(owner=actor, interview=interview).first()


def as_question(own: OwnQuestion) -> questions.Question:
    """The user's own question in the bank's shape, so suggestions can include it."""
    family = own.family if own.family in set(questions.Family) else questions.Family.ADVICE
    return questions.own_question(pk=own.pk, text=own.text, family=family, purposes=own.purposes)


def own_bank(*, actor) -> list[questions.Question]:
    return [as_question(own) for own in own_questions_for(actor=actor)]


def planned_keys(plan) -> set[str]:
    """The bank keys already in a plan (the user's own as "own-<pk>")."""
    keys = set()
    for item in plan:
        if item.bank_key:
            keys.add(item.bank_key)
        if item.own_id:
            keys.add(f"{OWN_PREFIX}{item.own_id}")
    return keys


def suggestions_for(*, actor, interview: Interview, extra=None) -> list[questions.Question]:
    person = interview.person
    return questions.suggest(
        purpose=interview.purpose,
        title=person.title or "",
        seniority=person.seniority or "",
        extra=own_bank(actor=actor) if extra is None else extra,
    )


def _organization(interview: Interview) -> str:
    organization = interview.person.organization
    return organization.name if organization else ""


def ask_warning(interview: Interview) -> str | None:
    return resume_ask_warning(
        ask=interview.ask,
        applying_for=interview.applying_for,
        organization=_organization(interview),
    )


def _research_parts(research: Research | None) -> list[dict]:
    return [
        {
            "part": part,
            "notes": getattr(research, f"{part.key}_notes", "") if research else "",
            "gaps": getattr(research, f"{part.key}_gaps", "") if research else "",
        }
        for part in RESEARCH_PARTS
    ]


def research_links_of(research: Research | None) -> list[str]:
    return [line for line in (research.links if research else "").splitlines() if line.strip()]


def question_section(*, actor, interview: Interview) -> dict:
    """The questions part of the prepare page: the plan, suggestions and the bank."""
    plan = list(plan_for(actor=actor, interview=interview))
    own = list(own_questions_for(actor=actor))
    extra = [as_question(o) for o in own]
    taken = planned_keys(plan)
    suggestions = [
        q
        for q in suggestions_for(actor=actor, interview=interview, extra=extra)
        if q.key not in taken
    ]
    bank = questions.bank_for(interview.purpose, extra=extra)
    own_pks = {f"{OWN_PREFIX}{o.pk}": o.pk for o in own}
    families = []
    for family in questions.Family:
        items = [
            {"question": q, "planned": q.key in taken, "own_pk": own_pks.get(q.key)}
            for q in bank
            if q.family == family
        ]
        families.append({"family": family, "items": items})
    return {
        "plan": plan,
        "count_warning": questions.count_warning(len(plan)),
        "suggestions": suggestions,
        "families": families,
        "family_choices": list(questions.Family),
        "own_questions": own,
    }


def prep_context(*, actor, interview: Interview) -> dict:
    """Everything the prepare page shows."""
    profile = profile_for(actor)
    research = research_for(actor=actor, interview=interview)
    return {
        "interview": interview,
        "research": research,
        "research_parts": _research_parts(research),
        "research_links": research.links if research else "",
        "their_questions": questions.questions_they_may_ask(
            pitch=profile.pitch,
            goals=profile.goals,
            background=profile.background,
            organization=_organization(interview),
        ),
        "ask_warning": ask_warning(interview),
        **question_section(actor=actor, interview=interview),
    }


def prep_summary(*, actor, interview: Interview) -> dict:
    """The interview page's panel: how far the preparing has gone."""
    research = research_for(actor=actor, interview=interview)
    started = research is not None and any(
        getattr(research, f"{part.key}_{kind}").strip()
        for part in RESEARCH_PARTS
        for kind in ("notes", "gaps")
    )
    return {
        "planned": plan_for(actor=actor, interview=interview).count(),
        "research_started": started or bool(research and research.links.strip()),
        "prepared_at": interview.prepared_at,
    }


def meeting_context(*, actor, interview: Interview, now: datetime | None = None) -> dict:
    # Whole seconds: the page's script reads these times, and some browsers refuse
    # an ISO time with microseconds.
    now = (now or timezone.now()).replace(microsecond=0)
    notes = notes_for(actor=actor, interview=interview)
    started_at = notes.started_at.replace(microsecond=0) if notes and notes.started_at else None
    return {
        "interview": interview,
        "timer": timer_state(started_at=started_at, now=now, minutes=interview.minutes),
        "started_at": started_at,
        "now": now,
        "plan": list(plan_for(actor=actor, interview=interview)),
        "notes": notes,
        "notes_text": notes.text if notes else "",
        "notes_revision": notes.revision if notes else 0,
        "ask_label": interview.get_ask_display(),
        "wrap_up": WRAP_UP,
    }


# --- the brief ---------------------------------------------------------------------------


def _local(moment: datetime | None, tz) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def brief_context(*, actor, interview: Interview) -> dict:
    """The one-page brief: who, why, research, questions, pitch, the ask, time and place.

    Plain values (strings and lists), so the page, the text and the JSON of
    `coffeechat brief` all read the same thing.
    """
    profile = profile_for(actor)
    person = interview.person
    research = research_for(actor=actor, interview=interview)
    introduced = []
    if person.introduced_by_id:
        introduced.append(f"Suggested by {person.introduced_by.name}")
    if interview.connector_id:
        answer = {"yes": "introduced you", "no": "declined to introduce you"}.get(
            interview.connector_answer, "asked to introduce you"
        )
        introduced.append(f"{interview.connector.name} {answer}")
    if interview.referred_from_id:
        referrer = interview.referred_from.person.name
        introduced.append(f"Came up in your conversation with {referrer}")
    parts = [
        {
            "key": row["part"].key,
            "title": row["part"].title,
            "notes": row["notes"],
            "gaps": row["gaps"],
        }
        for row in _research_parts(research)
    ]
    tz = profile.tz
    return {
        "interview_id": interview.pk,
        "who": {
            "name": person.name,
            "title": person.title,
            "organization": _organization(interview),
            "how_met": person.how_met,
            "introduced": introduced,
            "email": person.email,
        },
        "why": {
            "purpose": interview.get_purpose_display(),
            "notes": person.notes,
        },
        "research": {
            "parts": parts,
            "links": research_links_of(research),
            "started": any(p["notes"] or p["gaps"] for p in parts),
        },
        "questions": [q.text for q in plan_for(actor=actor, interview=interview)],
        "pitch": profile.pitch,
        "ask": {
            "key": interview.ask,
            "text": interview.get_ask_display(),
            "applying_for": interview.applying_for,
            "warning": ask_warning(interview) or "",
        },
        "time": _local(interview.meeting_at, tz),
        "time_zone": profile.time_zone,
        "format": interview.get_format_display(),
        "place": interview.place,
        "minutes": interview.minutes,
        "prepared": _local(interview.prepared_at, tz),
        "you": profile.name,
    }
