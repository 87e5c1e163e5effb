from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import UserCreationForm

from coffeechat.accounts.models import Profile
from coffeechat.accounts.services import VOICE_FIELDS


class SignupForm(UserCreationForm):
    time_zone = forms.ChoiceField(
        choices=[(name, name) for name in sorted(available_timezones())],
        initial="UTC",
        help_text="Due dates such as 'the day before the meeting' use it.",
    )


class ProfileForm(forms.ModelForm):
    time_zone = SignupForm.base_fields["time_zone"]

    class Meta:
        model = Profile
        fields = ["time_zone", "keep_in_touch_days", *VOICE_FIELDS]
        widgets = {
            "pitch": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "schools": forms.Textarea(attrs={"rows": 2}),
            "employers": forms.Textarea(attrs={"rows": 2}),
        }
