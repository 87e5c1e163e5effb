"""Warm paths in the web app: ask how to reach an organization or a person, then ask
the connector for an introduction."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.interviews.introductions import intro_request
from coffeechat.network.graph import Question, paths_for
from coffeechat.network.models import Organization
from coffeechat.network.picture import draw
from coffeechat.network.selectors import NoSuchOrganization, organization_named, person_for
from coffeechat.web import error_text, owned_or_404


class PathsForm(forms.Form):
    org = forms.CharField(
        label="Organization",
        required=False,
        max_length=200,
        help_text="Where you'd like to talk to someone.",
        widget=forms.TextInput(attrs={"list": "organization-names", "autocomplete": "off"}),
    )
    role = forms.CharField(
        label="Role words",
        required=False,
        max_length=200,
        help_text="Optional: words from their title, such as “policy” or “data”.",
    )
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    limit = forms.IntegerField(required=False, min_value=1, max_value=20, widget=forms.HiddenInput)


@login_required
def paths_page(request):
    form = PathsForm(request.GET or None)
    context = {"form": form, "asked": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        question = None
        if data["person"]:
            target = owned_or_404(person_for, actor=request.user, pk=data["person"])
            question = Question(person=target)
            context["subject"] = target.name
        elif data["org"].strip():
            try:
                organization = organization_named(actor=request.user, name=data["org"])
            except NoSuchOrganization as missing:
                organization = None
                form.add_error(
                    "org",
                    f"None of your organizations is called “{missing.name}”."
                    + (f" Did you mean: {', '.join(missing.close)}?" if missing.close else ""),
                )
            if organization is not None:
                question = Question(organization=organization, role=data["role"].strip())
                context["subject"] = organization.name + (
                    f" ({data['role'].strip()})" if data["role"].strip() else ""
                )
        if question is not None:
            found, graph = paths_for(request.user, question, limit=data["limit"] or 5)
            context.update(
                asked=True,
                paths=[(path, [graph.people[h] for h in path.hops]) for path in found],
                picture=draw(found, graph),
            )
    context["organizations"] = Organization.objects.filter(owner=request.user).values_list(
        "name", flat=True
    )[:500]
    return render(request, "network/paths.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def ask_for_introduction(request):
    try:
        target_pk, connector_pk = int(request.POST["target"]), int(request.POST["connector"])
    except (KeyError, ValueError):
        raise Http404("Not found") from None
    target = owned_or_404(person_for, actor=request.user, pk=target_pk)
    connector = owned_or_404(person_for, actor=request.user, pk=connector_pk)
    try:
        interview = intro_request(actor=request.user, target=target, connector=connector)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(f"{reverse('paths')}?person={target.pk}")
    messages.success(
        request,
        f"Opened an interview with {target.name}, waiting for {connector.name}'s answer. "
        "Send them the message below.",
    )
    return redirect(interview)
