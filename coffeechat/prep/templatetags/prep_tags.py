"""The interview page's preparing panel, without the interview view knowing about it."""

from django import template

from coffeechat.prep import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def prep_summary(context, interview):
    return selectors.prep_summary(actor=context["request"].user, interview=interview)
