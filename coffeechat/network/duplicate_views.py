"""Likely duplicates: the review page, the merge confirmation, "not the same person"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.network import merging
from coffeechat.network.duplicates import (
    count_likely_duplicates,
    likely_duplicates,
    more_history_first,
    person_with_history,
)
from coffeechat.web import error_text, owned_or_404, page_of, safe_next

PAIRS_PER_PAGE = 10


@login_required
def duplicate_list(request):
    page = page_of(request, likely_duplicates(request.user), PAIRS_PER_PAGE)
    # The one with more history is offered as the one to keep.
    pairs = [(pair, *more_history_first(pair.a, pair.b)) for pair in page.object_list]
    return render(request, "network/duplicates.html", {"page": page, "pairs": pairs})


@login_required
def duplicate_count(request):
    """The people list's link with the count, fetched after the page: at 30,000 people
    finding the pairs takes about a second, which the list itself should not wait for."""
    context = {"duplicates": count_likely_duplicates(request.user)}
    return render(request, "network/people_list.html#duplicates-link", context)


def _two_people(request, pk: int, other: int):
    if pk == other:
        raise Http404("Not found")
    return (
        owned_or_404(person_with_history, actor=request.user, pk=pk),
        owned_or_404(person_with_history, actor=request.user, pk=other),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_merge(request, keep, other):
    keep, other = _two_people(request, keep, other)
    if request.method == "POST":
        try:
            plan = merging.merge_people(actor=request.user, keep=keep, other=other)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("people-duplicates")
        messages.success(request, f"Merged {other.name} into {keep.name}{_moved(plan)}.")
        return redirect(keep)
    plan = merging.merge_preview(actor=request.user, keep=keep, other=other)
    return render(request, "network/person_merge.html", {"plan": plan})


def _moved(plan: merging.MergePlan) -> str:
    return f": moved {get_text_list(plan.moved, 'and')}" if plan.moved else ""


@login_required
@require_POST
def duplicate_dismiss(request, pk, other):
    a, b = _two_people(request, pk, other)
    merging.duplicate_dismiss(actor=request.user, a=a, b=b)
    if request.htmx:
        return HttpResponse("")  # the pair's card goes away
    messages.success(request, f"Noted: {a.name} and {b.name} are two people.")
    return redirect(safe_next(request, default=reverse("people-duplicates")))
