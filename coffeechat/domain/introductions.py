"""The consent-first request to a connector (DOMAIN.md "Asking for the conversation").

The connector is asked first whether they are comfortable making the introduction, and
given a short paragraph about the user they can forward as it is: nobody is introduced
without agreeing to it.
"""

from __future__ import annotations

from dataclasses import dataclass

PURPOSE_WORDS = {
    "explore": "to learn what the work is like from the inside",
    "onboard": "to understand how their team works with mine",
    "advance": "to learn how people grow into roles like theirs",
}


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def first_name(name: str) -> str:
    return (name or "").split(" ")[0] or name


def intro_request(
    *,
    user_name: str,
    connector: str,
    target: str,
    target_role: str,
    purpose: str,
    minutes: int,
) -> Draft:
    """The message to the connector, with a paragraph they can forward."""
    role = f" ({target_role})" if target_role else ""
    hope = PURPOSE_WORDS.get(purpose, PURPOSE_WORDS["explore"])
    body = (
        f"Hi {first_name(connector)},\n\n"
        f"I'd like to learn from {target}{role}, and I think you know them. Would you be "
        f"comfortable introducing us? Please say no if it doesn't feel right; I'd "
        "understand, and I won't contact them through you without your yes.\n\n"
        "If you're happy to, here is a short note you can forward as it is:\n\n"
        f"    {user_name} would like a {minutes}-minute conversation with you, {hope}. "
        "It's not a job request: they're hoping to hear how you see the field and what "
        "you'd suggest to someone at their stage. They'll fit around your calendar, in "
        "person, by phone or by video.\n\n"
        f"Thank you either way,\n{user_name}"
    )
    return Draft(subject=f"Would you be comfortable introducing me to {target}?", body=body)
