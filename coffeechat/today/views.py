from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.debrief.selectors import action_item_for
from coffeechat.domain.today import ActionKind
from coffeechat.interviews.selectors import interview_for
from coffeechat.network.selectors import person_for
from coffeechat.today.selectors import today_for
from coffeechat.today.services import action_complete
from coffeechat.web import PAGE_SIZE, error_text, owned_or_404

# Bounds the page number before it becomes an SQL offset; Today never has more pages.
MAX_PAGE = 10_000


def _offset(request) -> int:
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        page = 1
    return (page - 1) * PAGE_SIZE


@login_required
def today(request):
    page = today_for(actor=request.user, offset=_offset(request), limit=PAGE_SIZE)
    number = page.offset // PAGE_SIZE + 1
    return render(request, "today/today.html", {"today": page, "number": number})


@login_required
@require_POST
def action_done(request):
    kind = request.POST.get("kind", "")
    if kind not in {k.value for k in ActionKind}:
        return HttpResponse("Unknown action.", status=400)
    interview = person = item = None
    if request.POST.get("action_item"):
        item = owned_or_404(action_item_for, actor=request.user, pk=request.POST["action_item"])
    elif request.POST.get("interview"):
        interview = owned_or_404(interview_for, actor=request.user, pk=request.POST["interview"])
    elif request.POST.get("person"):
        person = owned_or_404(person_for, actor=request.user, pk=request.POST["person"])
    try:
        action_complete(
            actor=request.user, kind=kind, interview=interview, person=person, action_item=item
        )
    except ValidationError as error:
        if request.htmx:
            return render(request, "today/done.html", {"error": error_text(error)}, status=422)
        messages.error(request, error_text(error))
        return redirect("today")
    if item is not None:
        done = f"Done: {item.text.rstrip('. ')} ({item.interview.person.name})."
    else:
        who = (interview.person if interview else person).name
        done = f"{ActionKind(kind).done_label}: {who}."
    if request.htmx:
        return render(request, "today/done.html", {"done": done})
    messages.success(request, done)
    return redirect("today")
