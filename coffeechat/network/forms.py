"""Forms turn what the browser sent into service arguments; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from coffeechat.domain.seniority import Seniority
from coffeechat.network.models import InteractionKind, InteractionPurpose, Organization, Person
from coffeechat.network.services import PERSON_FIELDS, person_find


def https_urls(field, **kwargs):
    """A URL typed without a scheme ("linkedin.com/in/dana") means https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PersonForm(forms.ModelForm):
    organization_name = forms.CharField(
        label="Organization",
        required=False,
        max_length=200,
        help_text="Created if it's new to you.",
    )
    seniority = forms.ChoiceField(
        required=False,
        choices=[("", "Guess from the title")] + [(s.value, s.label) for s in Seniority],
        help_text="Guessed from the title unless you choose.",
    )
    introduced_by_ref = forms.CharField(
        label="Introduced by",
        required=False,
        max_length=300,
        help_text="Their name or email, as saved in your people.",
    )
    tags_text = forms.CharField(
        label="Tags", required=False, max_length=500, help_text="Separate tags with commas."
    )

    known = forms.TypedChoiceField(
        label="You know them",
        required=False,
        choices=[
            ("", "Work it out: yes once you are connected or have been in touch"),
            ("yes", "Yes"),
            ("no", "No, not yet"),
        ],
        coerce=lambda value: value == "yes",
        empty_value=None,
        help_text="Warm paths start from the people you know.",
    )

    class Meta:
        model = Person
        formfield_callback = https_urls
        # The fields person_create and person_update take as they are.
        fields = list(PERSON_FIELDS)
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "schools": forms.Textarea(attrs={"rows": 2}),
            "employers": forms.Textarea(attrs={"rows": 2}),
            "tie_strength": forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.1}),
        }

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)
        person = self.instance
        if person.pk:
            self.initial.setdefault(
                "organization_name", person.organization.name if person.organization else ""
            )
            self.initial.setdefault(
                "seniority", person.seniority if person.seniority_confirmed else ""
            )
            if person.introduced_by:
                intro = person.introduced_by
                self.initial.setdefault(
                    "introduced_by_ref",
                    f"{intro.name} <{intro.email}>" if intro.email else intro.name,
                )
            self.initial.setdefault("tags_text", ", ".join(t.name for t in person.tags.all()))
            self.initial["known"] = {True: "yes", False: "no"}.get(person.known, "")
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_introduced_by_ref(self):
        ref = self.cleaned_data["introduced_by_ref"].strip()
        if not ref:
            return None
        if self.instance.introduced_by and ref == self.initial.get("introduced_by_ref"):
            # Unchanged: keep them, even if their name alone is no longer unique.
            return self.instance.introduced_by
        try:
            return person_find(actor=self.actor, ref=ref)
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None

    def service_fields(self) -> dict:
        data = {field: self.cleaned_data[field] for field in self.Meta.fields}
        data["organization_name"] = self.cleaned_data["organization_name"]
        # "" means "guess from the title" again, even after a level was chosen.
        data["seniority"] = self.cleaned_data["seniority"]
        data["introduced_by"] = self.cleaned_data["introduced_by_ref"]
        data["tags"] = self.cleaned_data["tags_text"]
        return data

    def _post_clean(self):
        # The service validates and saves; ModelForm must not also write to the instance.
        pass


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        formfield_callback = https_urls
        fields = ["name", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        pass


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(choices=InteractionKind.choices, initial=InteractionKind.EMAIL)
    purpose = forms.ChoiceField(
        choices=InteractionPurpose.choices, initial=InteractionPurpose.GENERAL, required=False
    )
    occurred_at = forms.DateTimeField(
        label="When",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty for now.",
    )
    summary = forms.CharField(
        label="What happened",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    interview = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_occurred_at(self):
        return self.cleaned_data["occurred_at"] or timezone.now()
