from django import forms

from coffeechat.domain.messages import KeepInTouchReason, MessageKind
from coffeechat.outreach.models import SentVia


class DraftForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in MessageKind])
    reason = forms.ChoiceField(
        required=False,
        choices=[("", "—")] + [(r.value, r.label) for r in KeepInTouchReason],
    )
    message = forms.IntegerField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=300, required=False)
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 16}))
    via = forms.ChoiceField(
        label="How you sent it",
        required=False,
        choices=[(v.value, v.label) for v in SentVia if v != SentVia.SMTP],
        initial=SentVia.MAIL_APP,
    )


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))


class AgreeForm(forms.Form):
    start = forms.DateTimeField(
        label="Agreed time",
        input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Your time zone.",
    )
