"""Warm paths from the command line: `coffeechat knows A B` and `coffeechat paths`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coffeechat.cli.common import CliError, acting_user, console, print_json

Text = Optional[str]  # noqa: UP045 (Typer reads the annotation)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
PERSON = "An id, email, LinkedIn URL or exact name."

OUTCOMES = {"created": "new link", "updated": "link updated", "unchanged": "already linked"}


def _side(person) -> dict:
    return {"id": person.pk, "name": person.name}


def knows(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(metavar="A", help=PERSON)],
    b: Annotated[str, typer.Argument(metavar="B", help=PERSON)],
    how: Annotated[
        Text, typer.Option(help='How they know each other, e.g. "former teammates".')
    ] = None,
    strength: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="How well they know each other, 0 to 1 (new links: 0.5).", min=0, max=1),
    ] = None,
    as_json: JsonOption = False,
):
    """Record that A and B know each other (either can introduce you to the other)."""
    from coffeechat.network.links import link_people
    from coffeechat.network.services import person_find

    actor = acting_user(ctx)
    first, second = person_find(actor=actor, ref=a), person_find(actor=actor, ref=b)
    link, outcome = link_people(actor=actor, a=first, b=second, how=how or "", strength=strength)
    if as_json:
        print_json(
            {
                "outcome": outcome,
                "link": {
                    "id": link.pk,
                    "a": _side(first),
                    "b": _side(second),
                    "kind": link.kind,
                    "how": link.how,
                    "strength": link.strength,
                },
            }
        )
        return
    console.print(f"{first.name} and {second.name} know each other ({OUTCOMES[outcome]}).")


def _organization(actor, name: str):
    from coffeechat.network.selectors import NoSuchOrganization, organization_named

    if not " ".join(name.split()):
        raise CliError("--org: name an organization")
    try:
        return organization_named(actor=actor, name=name)
    except NoSuchOrganization as missing:
        hint = (
            f"; did you mean {', '.join(missing.close)}?" if missing.close else " among your people"
        )
        raise CliError(f"no organization named {missing.name!r}{hint}") from None


def _hop(person) -> dict:
    return {
        "id": person.id,
        "name": person.name,
        "title": person.title,
        "organization": person.organization or None,
    }


def _nothing_found(graph, question, targets, whom: str) -> str:
    record = "Record who knows whom with 'coffeechat knows A B' or import your connections."
    if question.person is not None and question.person.do_not_ask:
        return (
            f"No path to {whom}: you marked them 'do not ask' "
            f"(undo with 'coffeechat people mark {question.person.pk} --may-ask')."
        )
    if question.organization is not None and not targets:
        if question.role and graph.members.get(question.organization.pk):
            return f"No one at {whom} has {question.role!r} in their title; try fewer words."
        return (
            f"You have no one at {whom} yet: add people with "
            f"'coffeechat people add NAME --org \"{question.organization.name}\"'."
        )
    return f"No path to {whom} within 3 hops. {record}"


def paths(
    ctx: typer.Context,
    org: Annotated[Text, typer.Option("--org", help="The organization to reach.")] = None,
    role: Annotated[Text, typer.Option(help="Only people whose title has all these words.")] = None,
    person: Annotated[
        Text, typer.Option("--person", help="One person to reach: id, email, LinkedIn URL or name.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many paths.", min=1, max=100)] = 5,
    as_json: JsonOption = False,
):
    """Whom to ask: people you know at an organization, then people one or two
    introductions away, best first."""
    from coffeechat.network.graph import Question, paths_for, targets_for
    from coffeechat.network.services import person_find

    if (org is None) == (person is None):
        raise CliError("name whom to reach: --org NAME or --person ID (one of the two)")
    if role is not None and person is not None:
        raise CliError("--role narrows the people at an organization: use it with --org")
    actor = acting_user(ctx)
    if person is not None:
        target = person_find(actor=actor, ref=person)
        question, whom = Question(person=target), target.name
    else:
        organization = _organization(actor, org)
        question = Question(organization=organization, role=" ".join((role or "").split()))
        whom = organization.name
    found, graph = paths_for(actor, question, limit=limit)
    if as_json:
        print_json(
            [
                {
                    "hops": [_hop(graph.people[h]) for h in path.hops],
                    "connector_id": path.connector,
                    "target_id": path.target,
                    "score": round(path.score, 4),
                    "reason": path.reason,
                }
                for path in found
            ]
        )
        return
    if not found:
        console.print(_nothing_found(graph, question, targets_for(graph, question), whom))
        return
    narrowed = f" ({question.role})" if question.role else ""
    console.print(f"Whom to ask, to reach {whom}{narrowed}:")
    for number, path in enumerate(found, start=1):
        console.print(f"{number}. {' → '.join(graph.people[h].name for h in path.hops)}")
        console.print(f"   {path.reason}")
