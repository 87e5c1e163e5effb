from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.accounts.services import profile_for
from coffeechat.domain import lifecycle
from coffeechat.domain.lifecycle import ALL_STAGES, Stage
from coffeechat.domain.today import interview_action_at
from coffeechat.interviews import selectors, services
from coffeechat.interviews.forms import InterviewForm, MoveForm
from coffeechat.interviews.introductions import connector_answer_record, intro_draft
from coffeechat.network.forms import InteractionForm
from coffeechat.network.selectors import person_for
from coffeechat.outreach import selectors as outreach
from coffeechat.web import add_service_errors, error_text, form_status, owned_or_404, page_of


@login_required
def interview_board(request):
    columns = selectors.board_for(actor=request.user)
    return render(request, "interviews/board.html", {"columns": columns})


@login_required
def interview_list(request):
    stage = request.GET.get("stage") or None
    if stage not in {s.value for s in ALL_STAGES}:
        stage = None
    page = page_of(request, selectors.interviews_for(actor=request.user, stage=stage))
    context = {"page": page, "stage": Stage(stage) if stage else None, "stages": ALL_STAGES}
    return render(request, "interviews/interview_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request, person_pk):
    person = owned_or_404(person_for, actor=request.user, pk=person_pk)
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_open(
                actor=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Opened an interview with {person.name}.")
            return redirect(interview)
    context = {"form": form, "person": person}
    return render(request, "interviews/interview_form.html", context, status=form_status(form))


def _stage_context(request, interview, move_form=None, error=""):
    now = timezone.now()
    action = interview_action_at(interview.facts, now, profile_for(request.user).tz)
    return {
        "interview": interview,
        "allowed": lifecycle.allowed_moves(interview.stage_enum),
        "allowed_values": {stage.value for stage in lifecycle.allowed_moves(interview.stage_enum)},
        "history": selectors.history_for(actor=request.user, interview=interview)[:30],
        "move_form": move_form or MoveForm(interview=interview),
        "move_error": error,
        "action": action,
        "action_status": action.status_at(now) if action else None,
    }


def _detail_context(request, interview) -> dict:
    context = _stage_context(request, interview)
    if interview.connector_id and interview.stage == Stage.INTRO_REQUESTED:
        context["intro"] = intro_draft(actor=request.user, interview=interview)
    context["interactions"] = interview.interactions.all()[:20]
    context["kinds"] = outreach.kinds_for(interview)[:3]
    context["can_agree_time"] = outreach.can_agree_time(interview)
    context["outreach_messages"] = outreach.messages_for(actor=request.user, interview=interview)[
        :10
    ]
    return context


@login_required
def interview_detail(request, pk):
    interview = owned_or_404(selectors.interview_for, actor=request.user, pk=pk)
    context = _detail_context(request, interview)
    context["interaction_form"] = InteractionForm(initial={"interview": interview.pk})
    return render(request, "interviews/interview_detail.html", context)


@login_required
@require_POST
def interview_move(request, pk):
    interview = owned_or_404(selectors.interview_for, actor=request.user, pk=pk)
    form = MoveForm(request.POST, interview=interview)
    error = ""
    if form.is_valid():
        try:
            services.interview_advance(
                actor=request.user, interview=interview, **form.service_arguments()
            )
        except lifecycle.IllegalMove as refused:
            error = str(refused)
        except ValidationError as refused:
            error = error_text(refused)
    else:
        error = " ".join(m for errors in form.errors.values() for m in errors)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"Moved to {interview.stage_enum.label.lower()}.")
        return redirect(interview)
    interview = selectors.interview_for(actor=request.user, pk=pk)
    if error:
        context = _stage_context(request, interview, error=error)
        return render(request, "interviews/interview_detail.html#stage-panel", context, status=422)
    # The stage panel, and out of band the parts of the page the new stage changes.
    context = _detail_context(request, interview)
    page = "interviews/interview_detail.html"
    html = render_to_string(f"{page}#stage-panel", context, request=request)
    html += render_to_string(f"{page}#after-move", context, request=request)
    return HttpResponse(html)


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request, pk):
    interview = owned_or_404(selectors.interview_for, actor=request.user, pk=pk)
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_update(actor=request.user, interview=interview, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            interview.refresh_from_db()
        else:
            messages.success(request, "Saved.")
            return redirect(interview)
    context = {"form": form, "person": interview.person, "interview": interview}
    return render(request, "interviews/interview_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request, pk):
    interview = owned_or_404(selectors.interview_for, actor=request.user, pk=pk)
    if request.method == "POST":
        person = interview.person
        services.interview_delete(actor=request.user, interview=interview)
        messages.success(request, f"Deleted the interview with {person.name}.")
        return redirect(person)
    return render(request, "interviews/interview_delete.html", {"interview": interview})


@login_required
@require_POST
def interview_connector(request, pk):
    """What the connector answered: they introduced the user, or they declined."""
    interview = owned_or_404(selectors.interview_for, actor=request.user, pk=pk)
    try:
        interview = connector_answer_record(
            actor=request.user, interview=interview, answer=request.POST.get("answer", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        connector = interview.connector.name
        if interview.connector_answer == "yes":
            messages.success(
                request,
                f"{connector} introduced you: {interview.person.name} is now marked as "
                "introduced by them, and the request counts as sent.",
            )
        else:
            messages.success(
                request,
                f"Recorded that {connector} declined. Ask {interview.person.name} directly "
                "(move it to requested) or close the interview.",
            )
    return redirect(interview)
