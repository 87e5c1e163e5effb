"""The brief as a standalone HTML file and as plain text, from selectors.brief_context."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

CSS = "coffeechat/brief.css"


def brief_html(brief: dict) -> str:
    """The page the web shows, with its stylesheet inside: it opens and prints offline."""
    path = finders.find(CSS)
    css = open(path, encoding="utf-8").read() if path else ""  # noqa: SIM115
    return render_to_string(
        "prep/brief.html", {"brief": brief, "standalone": True, "inline_css": css}
    )


def _block(title: str, lines: list[str]) -> list[str]:
    return [title.upper(), *lines, ""]


def _indented(text: str, prefix: str = "  ") -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def brief_text(brief: dict) -> str:
    who, ask = brief["who"], brief["ask"]
    lines = [f"Brief: {who['name']}"]
    role = ", ".join(part for part in (who["title"], who["organization"]) if part)
    if role:
        lines.append(role)
    lines.append("")
    when = f"{brief['time']} ({brief['time_zone']})" if brief["time"] else "not agreed yet"
    lines += _block(
        "Time and place",
        [
            f"  When: {when}",
            f"  Agreed: {brief['minutes']} minutes",
            f"  {brief['format']}: {brief['place'] or 'no place or link yet'}",
        ],
    )
    who_lines = []
    if who["how_met"]:
        who_lines.append(f"  How you know them: {who['how_met']}")
    who_lines += [f"  {line}." for line in who["introduced"]]
    lines += _block("Who", who_lines or ["  (nothing noted on how you know them)"])
    lines += _block(
        "Why you asked", [f"  {brief['why']['purpose']}.", *_indented(brief["why"]["notes"])]
    )
    research = []
    for part in brief["research"]["parts"]:
        if part["notes"] or part["gaps"]:
            research.append(f"  {part['title']}:")
            research += _indented(part["notes"], "    ")
            if part["gaps"]:
                research.append("    Not found online:")
                research += _indented(part["gaps"], "      ")
    if brief["research"]["links"]:
        research.append("  Links:")
        research += [f"    {link}" for link in brief["research"]["links"]]
    lines += _block("Research", research or ["  (no research noted yet)"])
    questions = [f"  {n}. {text}" for n, text in enumerate(brief["questions"], start=1)]
    lines += _block("Questions", questions or ["  (no questions planned yet)"])
    lines += _block("Your pitch", _indented(brief["pitch"]) or ["  (no story yet: see Settings)"])
    ask_line = f"  {ask['text']}"
    if ask["applying_for"]:
        ask_line += f" (for the role: {ask['applying_for']})"
    ask_lines = [ask_line]
    if ask["warning"]:
        ask_lines.append(f"  Consider: {ask['warning']}")
    lines += _block("The ask", ask_lines)
    return "\n".join(lines).rstrip() + "\n"
