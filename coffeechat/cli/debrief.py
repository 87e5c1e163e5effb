"""`coffeechat debrief`: read or record what you learned in one conversation."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coffeechat.cli.common import CliError, acting_user, console, iso, parse_day, print_json

Text = Optional[str]  # noqa: UP045 (Typer reads the annotation)
LABELS = {
    "day_to_day": "Day-to-day",
    "skills": "Skills that matter",
    "team_size": "Team size",
    "team_ways": "How the team works",
    "flexible_work": "Flexible work",
    "office_setting": "Office setting",
    "management_style": "Management style",
    "red_flags": "Red flags",
    "fit": "How well you'd fit",
    "fit_reason": "Why",
    "advice": "Advice",
    "quote_note": "To quote in the thank-you",
    "next_step": "What you'll do with their advice",
}


def _option(help_text: str, name: str):
    return typer.Option(name, help=help_text)


def _pairs(actions: list[str], dues: list[str]) -> list[tuple[str, str]]:
    """--action/--due in pairs, or one --due for every --action."""
    if dues and not actions:
        raise CliError("--due goes with --action: say what to do by that day")
    if actions and not dues:
        raise CliError("--action needs --due YYYY-MM-DD: the day you mean to do it by")
    if len(dues) == 1:
        return [(action, dues[0]) for action in actions]
    if len(dues) != len(actions):
        raise CliError(
            f"give one --due for all the actions, or one per --action "
            f"({len(actions)} actions, {len(dues)} due dates)"
        )
    return list(zip(actions, dues, strict=True))


def debrief(
    ctx: typer.Context,
    interview_id: Annotated[int, typer.Argument(metavar="INTERVIEW_ID")],
    day_to_day: Annotated[Text, _option("What a normal week looks like.", "--day-to-day")] = None,
    skills: Annotated[Text, _option("The skills that matter.", "--skills")] = None,
    team_size: Annotated[Text, _option("The culture: team size.", "--team-size")] = None,
    team_ways: Annotated[Text, _option("The culture: how the team works.", "--team-ways")] = None,
    flexible_work: Annotated[
        Text, _option("The culture: flexible work.", "--flexible-work")
    ] = None,
    office_setting: Annotated[
        Text, _option("The culture: office setting.", "--office-setting")
    ] = None,
    management_style: Annotated[
        Text, _option("The culture: management style.", "--management-style")
    ] = None,
    red_flags: Annotated[Text, _option("Anything that worried you.", "--red-flags")] = None,
    fit: Annotated[
        Text, typer.Option("--fit", metavar="1-5", help="How well you'd fit (empty clears it).")
    ] = None,
    fit_reason: Annotated[Text, _option("Why that fit.", "--fit-reason")] = None,
    advice: Annotated[Text, _option("Their advice.", "--advice")] = None,
    quote: Annotated[Text, _option("Something to mention in the thank-you.", "--quote")] = None,
    next_step: Annotated[Text, _option("What you'll do with their advice.", "--next-step")] = None,
    action: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--action", metavar="TEXT", help="Advice turned into something to do (repeatable)."
        ),
    ] = None,
    due: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--due", metavar="YYYY-MM-DD", help="One per --action, or one for all."),
    ] = None,
    referral: Annotated[
        Text,
        typer.Option("--referral", metavar="NAME", help="Someone they suggested you talk to."),
    ] = None,
    referral_org: Annotated[
        Text, typer.Option("--referral-org", help="Where the person they suggested works.")
    ] = None,
    referral_title: Annotated[Text, typer.Option("--referral-title", help="Their title.")] = None,
    referral_email: Annotated[Text, typer.Option("--referral-email", help="Their email.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
):
    """Show the debrief of a conversation; options record parts of it, actions and referrals.

    Everything given is saved together, or nothing is when anything is refused.
    """
    from django.db import transaction

    from coffeechat.debrief import services

    values = {
        "day_to_day": day_to_day,
        "skills": skills,
        "team_size": team_size,
        "team_ways": team_ways,
        "flexible_work": flexible_work,
        "office_setting": office_setting,
        "management_style": management_style,
        "red_flags": red_flags,
        "fit": fit,
        "fit_reason": fit_reason,
        "advice": advice,
        "quote_note": quote,
        "next_step": next_step,
    }
    fields = {name: value for name, value in values.items() if value is not None}
    pairs = _pairs(action or [], due or [])
    days = [(text, parse_day(day, option="--due")) for text, day in pairs]
    if referral is None and any(
        v is not None for v in (referral_org, referral_title, referral_email)
    ):
        raise CliError(
            "--referral-org, --referral-title and --referral-email go with --referral NAME"
        )
    actor = acting_user(ctx)
    interview = _interview(actor, interview_id)
    said = []
    with transaction.atomic():
        if fields:
            services.debrief_save(actor=actor, interview=interview, **fields)
            said.append("Debrief saved.")
        for text, day in days:
            item = services.action_item_add(actor=actor, interview=interview, text=text, due_on=day)
            said.append(f"Action added, due {item.due_on.isoformat()}: {item.text}")
        if referral is not None:
            found = services.referral_add(
                actor=actor,
                interview=interview,
                name=referral,
                organization=referral_org or "",
                title=referral_title or "",
                email=referral_email or "",
            )
            said.append(
                f"{found.person.name} (person #{found.person.pk}) "
                f"{'added' if found.new_person else 'already known'}, prospect interview "
                f"#{found.interview.pk}{'' if found.new_interview else ' (already open)'}."
            )
    data = _as_data(actor, interview)
    if as_json:
        print_json(data)
        return
    for line in said:
        console.print(line)
    if said:
        console.print("")
    _print(data)


def _interview(actor, pk: int):
    from coffeechat.interviews.models import Interview
    from coffeechat.interviews.selectors import interview_for

    try:
        return interview_for(actor=actor, pk=pk)
    except Interview.DoesNotExist:
        raise CliError(f"no interview with id {pk}") from None


def _as_data(actor, interview) -> dict:
    from coffeechat.debrief import selectors
    from coffeechat.debrief.services import QUOTE_FIELDS, TEXT_FIELDS, can_debrief

    interview.refresh_from_db()
    found = selectors.debrief_for(actor=actor, interview=interview)
    person = interview.person
    notes = {field: getattr(found, field) if found else "" for field in TEXT_FIELDS}
    return {
        "interview": interview.pk,
        "person": {"id": person.pk, "name": person.name},
        "stage": interview.stage,
        "can_debrief": can_debrief(interview),
        "debriefed": found is not None,
        **notes,
        "fit": found.fit if found else None,
        **{field: getattr(interview, field) for field in QUOTE_FIELDS},
        "actions": [
            {
                "id": item.pk,
                "text": item.text,
                "due_on": item.due_on.isoformat(),
                "done_at": iso(item.done_at),
            }
            for item in selectors.action_items_for(actor=actor, interview=interview)
        ],
        "referrals": [
            {
                "person": {"id": prospect.person.pk, "name": prospect.person.name},
                "interview": prospect.pk,
                "stage": prospect.stage,
            }
            for prospect in selectors.referrals_for(actor=actor, interview=interview)
        ],
    }


def _print(data: dict) -> None:
    from coffeechat.debrief.selectors import FIT_WORDS

    console.print(f"Debrief of interview #{data['interview']} with {data['person']['name']}")
    if not data["can_debrief"]:
        console.print(
            f"Nothing to debrief yet: the interview is {data['stage'].replace('_', ' ')}. "
            "Record the meeting as held first."
        )
        return
    if not data["debriefed"] and not data["actions"] and not data["referrals"]:
        console.print(
            "Not debriefed yet. Record it with options such as --advice, --red-flags, "
            "--fit 1-5, --action TEXT --due YYYY-MM-DD, --referral NAME."
        )
        return
    for field, label in LABELS.items():
        value = data[field]
        if value in ("", None):
            continue
        if field == "fit":
            value = f"{value} of 5, {FIT_WORDS[value]}"
        console.print(f"{label}: {value}")
    for item in data["actions"]:
        state = f"done {item['done_at'][:10]}" if item["done_at"] else f"due {item['due_on']}"
        console.print(f"Action #{item['id']} ({state}): {item['text']}")
    for prospect in data["referrals"]:
        console.print(
            f"Suggested: {prospect['person']['name']} (person #{prospect['person']['id']}), "
            f"interview #{prospect['interview']} {prospect['stage'].replace('_', ' ')}"
        )
