"""The import forms: what file, how strict, and (for any other CSV) which column is what."""

from __future__ import annotations

from django import forms

from coffeechat.exchange.jobs import FIELD_LABELS
from coffeechat.exchange.models import ImportSource
from coffeechat.exchange.parsing import CSV_GUESSES

STRICT, VALID_ROWS = "all", "valid"


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        label="What kind of file",
        choices=ImportSource.choices,
        initial=ImportSource.LINKEDIN,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="The file",
        help_text="LinkedIn: Settings → Data privacy → Get a copy of your data → Connections. "
        "Google Contacts: Export → Google CSV. Most address books export vCard (.vcf).",
    )
    mode = forms.ChoiceField(
        label="If some lines have problems",
        choices=[
            (VALID_ROWS, "Import the valid lines and list the others"),
            (STRICT, "Import nothing until every line is valid"),
        ],
        initial=VALID_ROWS,
        widget=forms.RadioSelect,
    )
    dry_run = forms.BooleanField(
        label="Check only: show what would change and write nothing yet",
        required=False,
    )


class ColumnsForm(forms.Form):
    """One choice per column of the file, guessed from its header where we can."""

    def __init__(self, *args, columns: list[str], samples: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        choices = [("", "— don't import —")] + list(FIELD_LABELS.items())
        for i, column in enumerate(columns):
            examples = ", ".join(row[i] for row in samples if i < len(row) and row[i])[:80]
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=column or f"Column {i + 1}",
                choices=choices,
                required=False,
                initial=CSV_GUESSES.get(column.lower(), ""),
                help_text=f"For example: {examples}" if examples else "Empty in the first lines.",
            )

    def column_map(self) -> dict[str, str]:
        return {
            column: self.cleaned_data.get(f"col_{i}", "") for i, column in enumerate(self.columns)
        }
