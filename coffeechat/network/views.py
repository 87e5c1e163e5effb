from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from coffeechat.accounts.services import profile_for
from coffeechat.interviews.selectors import interviews_for
from coffeechat.network import selectors, services
from coffeechat.network.forms import InteractionForm, OrganizationForm, PersonForm
from coffeechat.web import (
    add_service_errors,
    error_text,
    form_status,
    owned_or_404,
    page_of,
    safe_next,
)


@login_required
def people_list(request):
    search = request.GET.get("q", "")
    page = page_of(request, selectors.people_for(actor=request.user, search=search))
    template = "network/people_list.html#results" if request.htmx else "network/people_list.html"
    return render(request, template, {"page": page, "q": search})


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    form = PersonForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added {person.name}.")
            return redirect(person)
    return render(request, "network/person_form.html", {"form": form}, status=form_status(form))


@login_required
def person_detail(request, pk):
    person = owned_or_404(selectors.person_for, actor=request.user, pk=pk)
    return render(request, "network/person_detail.html", _person_context(request, person))


def _person_context(request, person, interaction_form=None) -> dict:
    return {
        "person": person,
        "timeline": page_of(request, selectors.timeline_for(actor=request.user, person=person), 20),
        "interviews": interviews_for(actor=request.user, person=person)[:20],
        "links": selectors.known_by(actor=request.user, person=person)[:12],
        "interaction_form": interaction_form or InteractionForm(),
        "default_cadence": profile_for(request.user).keep_in_touch_days,
    }


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = owned_or_404(selectors.person_for, actor=request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
            person.refresh_from_db()
        else:
            messages.success(request, f"Saved {person.name}.")
            return redirect(person)
    context = {"form": form, "person": person}
    return render(request, "network/person_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request, pk):
    person = owned_or_404(selectors.person_for, actor=request.user, pk=pk)
    if request.method == "POST":
        name = person.name
        services.person_delete(actor=request.user, person=person)
        messages.success(request, f"Deleted {name} with their interviews and timeline.")
        return redirect("people-list")
    counts = {
        "interactions": person.interactions.count(),
        "interviews": person.interviews.count(),
    }
    return render(request, "network/person_delete.html", {"person": person, "counts": counts})


@login_required
@require_POST
def interaction_log(request, pk):
    person = owned_or_404(selectors.person_for, actor=request.user, pk=pk)
    form = InteractionForm(request.POST)
    interview = None
    if form.is_valid() and form.cleaned_data["interview"]:
        interview = (
            interviews_for(actor=request.user, person=person)
            .filter(pk=form.cleaned_data["interview"])
            .first()
        )
        if interview is None:
            form.add_error(None, "That interview is not one of yours with this person.")
    if form.is_valid():
        try:
            services.interaction_log(
                actor=request.user,
                person=person,
                interview=interview,
                kind=form.cleaned_data["kind"],
                purpose=form.cleaned_data["purpose"] or "general",
                occurred_at=form.cleaned_data["occurred_at"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        if not request.htmx:
            context = _person_context(request, person, form)
            return render(request, "network/person_detail.html", context, status=422)
        context = {"person": person, "interaction_form": form}
        response = render(request, "network/person_detail.html#log-form", context, status=422)
        return reswap(retarget(response, "#log-form"), "outerHTML")
    if not request.htmx:
        messages.success(request, f"Logged with {person.name}.")
        return redirect(safe_next(request, default=person.get_absolute_url()))
    context = {
        "person": person,
        "timeline": page_of(request, selectors.timeline_for(actor=request.user, person=person), 20),
        "interaction_form": InteractionForm(),
        "oob": True,
    }
    # The new timeline, plus a fresh form swapped out of band so the fields clear.
    html = render_to_string("network/person_detail.html#timeline", context, request=request)
    html += render_to_string("network/person_detail.html#log-form", context, request=request)
    return HttpResponse(html)


@login_required
def organization_list(request):
    search = request.GET.get("q", "")
    page = page_of(request, selectors.organizations_for(actor=request.user, search=search))
    return render(request, "network/organization_list.html", {"page": page, "q": search})


@login_required
def organization_detail(request, pk):
    organization = owned_or_404(selectors.organization_for, actor=request.user, pk=pk)
    people = page_of(request, selectors.people_at(actor=request.user, organization=organization))
    context = {"organization": organization, "page": people}
    return render(request, "network/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    organization = owned_or_404(selectors.organization_for, actor=request.user, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            organization.refresh_from_db()
        else:
            messages.success(request, f"Saved {organization.name}.")
            return redirect(organization)
    context = {"form": form, "organization": organization}
    return render(request, "network/organization_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added {organization.name}.")
            return redirect(organization)
    return render(
        request, "network/organization_form.html", {"form": form}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_delete(request, pk):
    organization = owned_or_404(selectors.organization_for, actor=request.user, pk=pk)
    if request.method == "POST":
        name = organization.name
        services.organization_delete(actor=request.user, organization=organization)
        messages.success(request, f"Deleted {name}; its people are still in your network.")
        return redirect("organization-list")
    people = selectors.people_at(actor=request.user, organization=organization).count()
    context = {"organization": organization, "people": people}
    return render(request, "network/organization_delete.html", context)


@login_required
@require_POST
def person_knows(request, pk):
    """Record that this person knows another of the user's people (a link both ways)."""
    from coffeechat.network.links import link_people

    person = owned_or_404(selectors.person_for, actor=request.user, pk=pk)
    try:
        other = services.person_find(actor=request.user, ref=request.POST.get("other", ""))
        _link, outcome = link_people(
            actor=request.user, a=person, b=other, how=request.POST.get("how", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        words = {"created": "now", "updated": "still", "unchanged": "already"}[outcome]
        messages.success(request, f"{person.name} and {other.name} {words} know each other.")
    return redirect(person)
