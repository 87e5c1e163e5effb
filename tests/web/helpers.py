"""What the web tests share: reading a page as a user or htmx would, and building data."""

from __future__ import annotations

import html
import re
from datetime import datetime
from html.parser import HTMLParser

from coffeechat.domain.lifecycle import Stage
from coffeechat.interviews.models import Interview
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.models import Person
from coffeechat.network.services import person_create

# What htmx adds to every request it makes; django-htmx reads it as request.htmx.
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    """The page with entities decoded, so a test can look for "Can't" as the user reads it."""
    return html.unescape(response.content.decode())


def field_block(response, name: str) -> str:
    """The markup of the form row holding the field `name`: its label, errors and input."""
    content = response.content.decode()
    for block in re.split(r'(?=<div class="field)', content):
        # partials/form.html closes each row's wrapper at the start of a line.
        block = block.split("\n</div>")[0]
        if f'name="{name}"' in block:
            return html.unescape(block)
    raise AssertionError(f"no field named {name!r} in the page")


def stage_buttons(response) -> list[str]:
    """The labels of the move buttons on an interview's stage panel, in page order."""
    pattern = r'<button type="submit" class="stage-button"[^>]*>([^<]*)</button>'
    return re.findall(pattern, response.content.decode())


class _FormReader(HTMLParser):
    """Collects what a browser would submit from each form: checked boxes, chosen options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: list[str] | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = []
            self.forms.append(self._fields)
        elif self._fields is None:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"} or not attrs.get("name"):
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._fields.append((attrs["name"], attrs.get("value") or "on"))
                return
            self._fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [attrs.get("name", ""), ""]
        elif tag == "select":
            self._select = {"name": attrs.get("name", ""), "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            name, value = self._textarea
            # A browser drops the newline that follows <textarea>.
            self._fields.append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            chosen = self._select["chosen"]
            value = chosen if chosen is not None else self._select["first"]
            self._fields.append((self._select["name"], value or ""))
            self._select = None


def form_data(response, containing: str) -> dict[str, str | list[str]]:
    """What submitting, unchanged, the page's form with the field `containing` would send."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    for fields in reader.forms:
        if any(name == containing for name, _ in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            return {k: v[0] if len(v) == 1 else v for k, v in data.items()}
    raise AssertionError(f"no form with a field named {containing!r}")


# --- data -------------------------------------------------------------------------


def make_person(owner, name: str = "Dana Whitfield", **fields) -> Person:
    return person_create(actor=owner, name=name, **fields)


def make_interview(owner, person: Person, *path: Stage, at: datetime, **move) -> Interview:
    """An interview opened at `at` and moved along `path`, each move at `at` too."""
    interview = interview_open(actor=owner, person=person, at=at)
    for stage in path:
        interview = interview_advance(
            actor=owner, interview=interview, to_stage=stage, at=at, **move
        )
    return interview
