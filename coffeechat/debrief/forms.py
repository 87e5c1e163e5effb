from django import forms
from django.db import models

from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.debrief.selectors import FIT_WORDS
from coffeechat.interviews.models import Interview

FIT_CHOICES = [("", "Not sure yet")] + [
    (str(fit), f"{fit}: {words}") for fit, words in FIT_WORDS.items()
]


def _text(field_name: str, rows: int = 3, help_text: str = "", label: str | None = None):
    model = Interview if field_name in ("quote_note", "next_step") else Debrief
    field = model._meta.get_field(field_name)
    widget = (
        forms.Textarea(attrs={"rows": rows})
        if isinstance(field, models.TextField)
        else forms.TextInput()
    )
    return forms.CharField(
        label=label or field.verbose_name[:1].upper() + field.verbose_name[1:],
        required=False,
        max_length=field.max_length,
        widget=widget,
        help_text=help_text or field.help_text,
        strip=False,  # the service tidies the text; the form keeps what was typed
    )


class DebriefForm(forms.Form):
    """Every part of the debrief; the template lays them out in groups."""

    day_to_day = _text("day_to_day", help_text="What a normal week in their work looks like.")
    skills = _text("skills", help_text="The skills and experience they said matter most.")
    team_size = _text("team_size")
    team_ways = _text("team_ways", rows=2)
    flexible_work = _text("flexible_work", rows=2)
    office_setting = _text("office_setting", rows=2)
    management_style = _text("management_style", rows=2)
    red_flags = _text(
        "red_flags",
        label="Red flags",
        help_text="Anything that worried you, such as a team in organizational trouble.",
    )
    fit = forms.ChoiceField(
        label="How well you'd fit",
        choices=FIT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    fit_reason = _text("fit_reason", rows=2, label="Why that fit")
    advice = _text("advice", label="Advice", help_text="What they advised someone at your stage.")
    quote_note = _text(
        "quote_note",
        rows=2,
        label="Something they said, to mention in your thank-you",
        help_text="The thank-you draft quotes it.",
    )
    next_step = _text("next_step", rows=2)

    CULTURE = ("team_size", "team_ways", "flexible_work", "office_setting", "management_style")
    WORK = ("day_to_day", "skills")
    THANK_YOU = ("quote_note", "next_step")

    def group(self, names):
        return [self[name] for name in names]

    def work_fields(self):
        return self.group(self.WORK)

    def culture_fields(self):
        return self.group(self.CULTURE)

    def thank_you_fields(self):
        return self.group(self.THANK_YOU)


class ActionItemForm(forms.Form):
    text = forms.CharField(
        label="What you will do",
        max_length=ActionItem._meta.get_field("text").max_length,
        help_text="A skill to build, a course, an event: one thing, said plainly.",
    )
    due_on = forms.DateField(
        label="Due",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Give the due day as a date, such as 2026-12-03."},
    )


class ReferralForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    organization = forms.CharField(label="Organization", max_length=200, required=False)
    title = forms.CharField(label="Title", max_length=200, required=False)
    email = forms.EmailField(label="Email", required=False)
    how = forms.CharField(
        label="How they know them, or why talk to them",
        max_length=250,
        required=False,
    )
