"""The messages of the practice: what coffeechat drafts and the coach checks."""

from __future__ import annotations

from enum import StrEnum


class MessageKind(StrEnum):
    REQUEST = "request"
    FOLLOW_UP = "follow_up"
    THANK_YOU = "thank_you"
    KEEP_IN_TOUCH = "keep_in_touch"
    INTRO = "intro"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    MessageKind.REQUEST: "Request",
    MessageKind.FOLLOW_UP: "Follow-up",
    MessageKind.THANK_YOU: "Thank-you",
    MessageKind.KEEP_IN_TOUCH: "Keep in touch",
    MessageKind.INTRO: "Introduction request",
}


class KeepInTouchReason(StrEnum):
    """Good reasons to write a light touch (DOMAIN.md "Keeping in touch")."""

    ADVICE = "advice"  # the user acted on their advice
    MILESTONE = "milestone"  # new job, graduation
    ARTICLE = "article"  # an article or event that fits their interests
    GREETING = "greeting"  # a seasonal greeting

    @property
    def label(self) -> str:
        return {
            "advice": "I acted on your advice",
            "milestone": "A milestone",
            "article": "An article or event for you",
            "greeting": "A seasonal greeting",
        }[self.value]
