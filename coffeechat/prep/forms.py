from django import forms

from coffeechat.domain.prep import RESEARCH_PARTS
from coffeechat.domain.questions import FAMILY_CHOICES
from coffeechat.interviews.models import Ask


class ResearchForm(forms.Form):
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="One web address per line: their profile, the team page, an article.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        links = self.fields.pop("links")
        for part in RESEARCH_PARTS:
            self.fields[f"{part.key}_notes"] = forms.CharField(
                label="What you found",
                required=False,
                help_text=part.prompt,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[f"{part.key}_gaps"] = forms.CharField(
                label="Not found online",
                required=False,
                help_text=part.gaps_prompt,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["links"] = links

    def parts(self):
        """The boxes two by two, as the page groups them: (part, notes, gaps)."""
        return [
            (part, self[f"{part.key}_notes"], self[f"{part.key}_gaps"]) for part in RESEARCH_PARTS
        ]


class AskForm(forms.Form):
    ask = forms.ChoiceField(label="Your ask at the end", choices=Ask.choices)
    applying_for = forms.CharField(
        label="Role you are applying for there",
        required=False,
        max_length=200,
        help_text="Only if you are actively applying for a specific role at their organization.",
    )


class OwnQuestionForm(forms.Form):
    text = forms.CharField(label="Your question", max_length=500)
    family = forms.ChoiceField(label="Family", choices=FAMILY_CHOICES)
    keep = forms.BooleanField(
        label="Keep it in my bank for other interviews", required=False, initial=True
    )
