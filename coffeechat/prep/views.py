"""Preparing (research, questions, the ask), the printable brief, and the meeting view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.interviews.selectors import interview_for
from coffeechat.interviews.services import interview_mark_prepared
from coffeechat.prep import selectors, services
from coffeechat.prep.forms import AskForm, OwnQuestionForm, ResearchForm
from coffeechat.web import add_service_errors, error_text, owned_or_404


def _interview(request, pk):
    return owned_or_404(interview_for, actor=request.user, pk=pk)


def _planned(request, pk):
    return owned_or_404(selectors.planned_question_for, actor=request.user, pk=pk)


def _prepare_url(interview, anchor: str = "") -> str:
    url = reverse("prep-prepare", args=[interview.pk])
    return f"{url}#{anchor}" if anchor else url


def _page(request, interview, *, research_form=None, status=200):
    context = selectors.prep_context(actor=request.user, interview=interview)
    if research_form is None:
        initial = {
            name: getattr(context["research"], name, "") for name in services.RESEARCH_FIELDS
        }
        initial["links"] = context["research_links"]
        research_form = ResearchForm(initial=initial)
    context.update(
        research_form=research_form,
        ask_form=AskForm(initial={"ask": interview.ask, "applying_for": interview.applying_for}),
        own_form=OwnQuestionForm(),
    )
    return render(request, "prep/prepare.html", context, status=status)


@login_required
def prepare(request, pk):
    return _page(request, _interview(request, pk))


@login_required
@require_POST
def research(request, pk):
    interview = _interview(request, pk)
    form = ResearchForm(request.POST)
    if form.is_valid():
        try:
            services.research_save(actor=request.user, interview=interview, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        # A box the form refused (a NUL character) is missing from cleaned_data: saving
        # the rest would blank it, so nothing is saved.
        messages.error(request, "The research was not saved: see the box marked below.")
        return _page(request, interview, research_form=form, status=422)
    messages.success(request, "Research saved.")
    return redirect(_prepare_url(interview, "research"))


@login_required
@require_POST
def ask(request, pk):
    interview = _interview(request, pk)
    form = AskForm(request.POST)
    warning = error = None
    if not form.is_valid():
        error = " ".join(e for errors in form.errors.values() for e in errors)
    else:
        try:
            warning = services.ask_save(
                actor=request.user, interview=interview, **form.cleaned_data
            )
        except ValidationError as problem:
            error = error_text(problem)
    if request.htmx:
        context = {"warning": warning, "error": error, "saved": error is None}
        return render(request, "prep/_ask_status.html", context, status=422 if error else 200)
    if error:
        messages.error(request, f"The ask was not saved: {error}")
    elif warning:
        messages.warning(request, warning)
    else:
        messages.success(request, "Ask saved.")
    return redirect(_prepare_url(interview, "ask"))


@login_required
@require_POST
def prepared(request, pk):
    interview = _interview(request, pk)
    try:
        interview_mark_prepared(actor=request.user, interview=interview)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, f"Prepared for {interview.person.name}: Today will not remind you."
        )
    return redirect(_prepare_url(interview))


# --- the question plan: every change answers with the questions part (htmx) ---------------


def _questions_reply(request, interview, *, error: str = "", focus: str = "", family=""):
    """The questions part after a change: swapped in by htmx, else the page reloaded."""
    if request.htmx:
        context = selectors.question_section(actor=request.user, interview=interview)
        context.update(interview=interview, error=error, focus=focus, open_family=family)
        return render(request, "prep/_questions_reply.html", context, status=422 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(_prepare_url(interview, "questions"))


def _step(value: str) -> int:
    return {"up": -1, "down": 1}.get(value, 0)


@login_required
@require_POST
def question_add(request, pk):
    interview = _interview(request, pk)
    data = request.POST
    family = data.get("open_family", "")
    try:
        added = services.question_plan_add(
            actor=request.user,
            interview=interview,
            bank_key=data.get("bank_key", "").strip(),
            text=data.get("text", ""),
            family=data.get("family", ""),
            keep=bool(data.get("keep")),
        )
    except ValidationError as error:
        return _questions_reply(request, interview, error=error_text(error), family=family)
    # Back to where the user was: the bank's row when adding from the bank, else the new one.
    bank_key = data.get("bank_key", "").strip()
    focus = f"bank-{bank_key}" if family and bank_key else f"remove-{added.pk}"
    return _questions_reply(request, interview, focus=focus, family=family)


@login_required
@require_POST
def question_suggest(request, pk):
    interview = _interview(request, pk)
    services.question_plan_suggest(actor=request.user, interview=interview)
    return _questions_reply(request, interview, focus="plan-h")


@login_required
@require_POST
def question_order(request, pk):
    interview = _interview(request, pk)
    try:
        ids = [int(value) for value in request.POST.getlist("ids")]
        services.question_plan_order(actor=request.user, interview=interview, ids=ids)
    except ValueError:
        return _questions_reply(request, interview, error="The new order was not readable.")
    except ValidationError as error:
        return _questions_reply(request, interview, error=error_text(error))
    return _questions_reply(request, interview)


@login_required
@require_POST
def question_move(request, pk):
    question = _planned(request, pk)
    direction = request.POST.get("direction", "")
    try:
        services.question_plan_move(actor=request.user, question=question, step=_step(direction))
    except ValidationError as error:
        return _questions_reply(request, question.interview, error=error_text(error))
    return _questions_reply(request, question.interview, focus=f"{direction}-{question.pk}")


@login_required
@require_POST
def question_remove(request, pk):
    question = _planned(request, pk)
    services.question_plan_remove(actor=request.user, question=question)
    return _questions_reply(request, question.interview, focus="plan-h")


@login_required
@require_POST
def own_delete(request, pk):
    question = owned_or_404(selectors.own_question_for, actor=request.user, pk=pk)
    interview = None
    if request.POST.get("interview"):
        interview = _interview(request, request.POST["interview"])
    services.own_question_delete(actor=request.user, question=question)
    if interview is not None:
        return _questions_reply(request, interview, family=question.family)
    messages.success(request, "Question taken out of your bank.")
    return redirect("interview-board")


# --- the brief --------------------------------------------------------------------------


@login_required
def brief(request, pk):
    interview = _interview(request, pk)
    context = {"brief": selectors.brief_context(actor=request.user, interview=interview)}
    return render(request, "prep/brief.html", context)


# --- the meeting ------------------------------------------------------------------------


def _meeting_url(interview) -> str:
    return reverse("prep-meeting", args=[interview.pk])


@login_required
def meeting(request, pk):
    interview = _interview(request, pk)
    context = selectors.meeting_context(actor=request.user, interview=interview)
    return render(request, "prep/meeting.html", context)


@login_required
@require_POST
def meeting_start(request, pk):
    interview = _interview(request, pk)
    services.meeting_start(actor=request.user, interview=interview)
    return redirect(_meeting_url(interview))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def notes(request, pk):
    """Save the meeting notes: from the page's script as it types (JSON), or the button."""
    interview = _interview(request, pk)
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = -1  # refused by the service with its message
    typed = request.POST.get("text", "")
    try:
        stored = services.notes_save(
            actor=request.user, interview=interview, text=typed, revision=revision
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": error_text(error)}, status=422)
        messages.error(request, f"Notes not saved: {error_text(error)}")
        return redirect(_meeting_url(interview))
    if _wants_json(request):
        return JsonResponse({"revision": stored.revision, "saved": stored.saved})
    if not stored.saved:
        # The newer notes in the box, and what was typed here beside them: nothing lost.
        context = selectors.meeting_context(actor=request.user, interview=interview)
        context["unsent"] = typed
        return render(request, "prep/meeting.html", context, status=409)
    messages.success(request, "Notes saved.")
    return redirect(f"{_meeting_url(interview)}#notes")


@login_required
@require_POST
def question_tick(request, pk):
    question = _planned(request, pk)
    question = services.question_tick(
        actor=request.user, question=question, asked=bool(request.POST.get("asked"))
    )
    if request.htmx:
        return render(request, "prep/_tick.html", {"question": question})
    return redirect(f"{_meeting_url(question.interview)}#questions")
