from django import forms
from django.utils import timezone

from coffeechat.domain.lifecycle import ALL_STAGES, Stage
from coffeechat.interviews.models import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    Ask,
    Interview,
)
from coffeechat.interviews.services import DEFAULT_REVISIT

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def meeting_time_field(help_text: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label="Meeting time", required=False, widget=LOCAL_DATETIME, help_text=help_text
    )


def revisit_date_field(help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label="Revisit on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


class InterviewForm(forms.ModelForm):
    minutes = forms.IntegerField(
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        initial=DEFAULT_MINUTES,
        help_text="15 to 30 is the sweet spot; never more than 60.",
    )

    meeting_at = meeting_time_field("Changing it asks for new prep.")
    revisit_on = revisit_date_field()

    class Meta:
        model = Interview
        fields = [
            "purpose",
            "minutes",
            "format",
            "place",
            "ask",
            "applying_for",
            "quote_note",
            "next_step",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "format": forms.RadioSelect,
            "quote_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Chosen while preparing; until then the usual ask stands.
        self.fields["ask"].required = False
        # The meeting time belongs to a scheduled interview, the revisit date to a
        # deferred one; other stages set them by moving.
        stage = self.instance.stage if self.instance.pk else None
        if stage == Stage.SCHEDULED:
            self.fields["meeting_at"].required = True
            self.initial["meeting_at"] = timezone.localtime(self.instance.meeting_at)
        else:
            del self.fields["meeting_at"]
        if stage == Stage.DEFERRED:
            self.fields["revisit_on"].required = True
            self.initial["revisit_on"] = self.instance.revisit_on
        else:
            del self.fields["revisit_on"]

    def clean_ask(self):
        return self.cleaned_data.get("ask") or Ask.STAY_IN_TOUCH

    def _post_clean(self):
        # The service validates and saves.
        pass


class MoveForm(forms.Form):
    """Move an interview to another stage. Which moves are offered comes from the lifecycle."""

    to_stage = forms.ChoiceField(label="Move to", choices=[(s.value, s.label) for s in ALL_STAGES])
    at = forms.DateTimeField(
        label="When it happened",
        required=False,
        widget=LOCAL_DATETIME,
        help_text="Leave empty for now.",
    )
    meeting_at = meeting_time_field("Needed to schedule.")
    revisit_on = revisit_date_field("Needed to defer.")

    def __init__(self, *args, interview: Interview | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if interview is not None and not self.is_bound:
            self.initial.setdefault("revisit_on", timezone.localdate() + DEFAULT_REVISIT)
            if interview.meeting_at:
                self.initial.setdefault("meeting_at", timezone.localtime(interview.meeting_at))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "to_stage": Stage(data["to_stage"]),
            "at": data["at"],
            "meeting_at": data["meeting_at"],
            "revisit_on": data["revisit_on"],
        }
