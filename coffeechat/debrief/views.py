"""The debrief page (notes, action items, people they suggested) and the comparison."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.accounts.services import profile_for
from coffeechat.debrief import selectors, services
from coffeechat.debrief.forms import ActionItemForm, DebriefForm, ReferralForm
from coffeechat.interviews.selectors import interview_for
from coffeechat.web import add_service_errors, error_text, owned_or_404


def _initial(interview, debrief) -> dict:
    initial = {field: getattr(interview, field) for field in services.QUOTE_FIELDS}
    if debrief is not None:
        initial.update({field: getattr(debrief, field) for field in services.TEXT_FIELDS})
        initial["fit"] = str(debrief.fit) if debrief.fit else ""
    return initial


def _context(request, interview, **overrides) -> dict:
    actor = request.user
    debrief = selectors.debrief_for(actor=actor, interview=interview)
    today = timezone.now().astimezone(profile_for(actor).tz).date()
    context = {
        "interview": interview,
        "debrief": debrief,
        "can_debrief": services.can_debrief(interview),
        "form": DebriefForm(initial=_initial(interview, debrief)),
        "meeting_notes": selectors.meeting_notes_for(actor=actor, interview=interview),
        "items": selectors.action_items_for(actor=actor, interview=interview),
        "item_form": ActionItemForm(initial={"due_on": today}),
        "today": today,
        "referrals": selectors.referrals_for(actor=actor, interview=interview),
        "referral_form": ReferralForm(),
        "status": "",
        "item_error": "",
    }
    context.update(overrides)
    return context


def _debrief_url(interview, anchor: str = "") -> str:
    url = reverse("debrief", args=[interview.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    if request.method == "GET":
        return render(request, "debrief/debrief.html", _context(request, interview))
    form = DebriefForm(request.POST)
    if form.is_valid():
        try:
            services.debrief_save(actor=request.user, interview=interview, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            interview.refresh_from_db()
        else:
            messages.success(request, "Debrief saved.")
            return redirect(_debrief_url(interview))
    context = _context(request, interview, form=form)
    return render(request, "debrief/debrief.html", context, status=422)


def _section(request, interview, name: str, *, code: int = 200, said: str = "", **overrides):
    """The part of the page an htmx form swaps (saying what changed, for screen readers),
    or the whole page: again with the errors, or after a redirect."""
    if request.htmx:
        context = _context(request, interview, status=said, **overrides)
        return render(request, f"debrief/debrief.html#{name}", context, status=code)
    if code >= 400:
        context = _context(request, interview, **overrides)
        return render(request, "debrief/debrief.html", context, status=code)
    messages.success(request, said)
    return redirect(_debrief_url(interview, name))


@login_required
@require_POST
def action_add(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.action_item_add(
                actor=request.user, interview=interview, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            when = f"{item.due_on:%a} {item.due_on.day} {item.due_on:%b}"
            said = f"Added: {item.text}. On Today from {when}."
            return _section(request, interview, "actions", said=said)
    return _section(request, interview, "actions", code=422, item_form=form)


def _item_change(request, pk, change, said: str):
    item = owned_or_404(selectors.action_item_for, actor=request.user, pk=pk)
    interview = item.interview
    try:
        change(actor=request.user, item=item)
    except ValidationError as error:
        return _section(request, interview, "actions", code=422, item_error=error_text(error))
    return _section(request, interview, "actions", said=said.format(text=item.text))


@login_required
@require_POST
def action_done(request, pk):
    return _item_change(request, pk, services.action_item_done, "Done: {text}.")


@login_required
@require_POST
def action_reopen(request, pk):
    return _item_change(request, pk, services.action_item_reopen, "Open again: {text}.")


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request, pk):
    item = owned_or_404(selectors.action_item_for, actor=request.user, pk=pk)
    if request.method == "GET":
        return render(request, "debrief/action_delete.html", {"item": item})
    services.action_item_delete(actor=request.user, item=item)
    messages.success(request, f"Deleted: {item.text}.")
    return redirect(_debrief_url(item.interview, "actions"))


@login_required
@require_POST
def referral_add(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    form = ReferralForm(request.POST)
    if form.is_valid():
        try:
            found = services.referral_add(
                actor=request.user, interview=interview, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            said = _referral_words(found, interview.person.name)
            return _section(request, interview, "referrals", said=said)
    return _section(request, interview, "referrals", code=422, referral_form=form)


def _referral_words(found: services.Referral, by: str) -> str:
    name = found.person.name
    if found.new_person:
        return f"Added {name}, suggested by {by}, with a prospect interview."
    if found.new_interview:
        return f"{name} was already among your people: opened a prospect interview."
    return f"{name} was already among your people, with an interview under way: kept it."


# --- the comparison -------------------------------------------------------------------


@login_required
def compare(request):
    ids = request.GET.getlist("ids")
    columns = owned_or_404(selectors.compare_rows, actor=request.user, ids=ids) if ids else []
    chosen = {column.interview.pk for column in columns}
    debriefed = list(selectors.debriefed_for(actor=request.user)[:100])
    for interview in debriefed:
        interview.chosen = interview.pk in chosen
    context = {
        "columns": columns,
        "culture_rows": [
            (label, [getattr(c.debrief, field, "") for c in columns])
            for field, label in selectors.CULTURE
        ],
        "debriefed": debriefed,
        "too_many": len(set(ids)) > selectors.MAX_COMPARE,
        "max_compare": selectors.MAX_COMPARE,
    }
    return render(request, "debrief/compare.html", context)
