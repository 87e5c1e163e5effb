"""The debrief's summary on the interview page, read through the owner-scoped selectors."""

from django import template

from coffeechat.debrief import selectors
from coffeechat.debrief.services import can_debrief

register = template.Library()


@register.simple_tag(takes_context=True)
def debrief_summary(context, interview) -> dict:
    actor = context["request"].user
    debrief = selectors.debrief_for(actor=actor, interview=interview)
    return {
        "can_debrief": can_debrief(interview),
        "debrief": debrief,
        "fit": selectors.CompareColumn(interview, debrief).fit_words,
        "open_actions": selectors.open_action_count(actor=actor, interview=interview),
        "referrals": list(selectors.referrals_for(actor=actor, interview=interview)[:20]),
        "referred_from": interview.referred_from if interview.referred_from_id else None,
    }
