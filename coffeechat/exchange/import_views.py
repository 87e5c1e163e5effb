"""Importing from the web: upload, choose columns, follow the progress, read the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.exchange import jobs
from coffeechat.exchange.forms import STRICT, ColumnsForm, ImportForm
from coffeechat.exchange.models import ImportJob, ImportStatus
from coffeechat.exchange.parsing import UnreadableFile, csv_preview, read_csv
from coffeechat.web import add_service_errors, error_text, form_status, owned_or_404

RECENT = 10


def _job(*, actor, pk) -> ImportJob:
    return jobs.import_job_refresh(ImportJob.objects.get(owner=actor, pk=pk))


@login_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():  # a job that can't start is not kept
                job = jobs.import_job_create(
                    actor=request.user,
                    source=form.cleaned_data["source"],
                    filename=upload.name,
                    data=upload.read(),
                    all_or_nothing=form.cleaned_data["mode"] == STRICT,
                    dry_run=form.cleaned_data["dry_run"],
                )
                if job.status == ImportStatus.MAPPING:
                    return redirect("import-columns", pk=job.pk)
                jobs.import_job_start(actor=request.user, job=job)
            return redirect(job)
        except ValidationError as error:
            add_service_errors(form, error)
    recent = ImportJob.objects.filter(owner=request.user).defer("data", "rejected_csv")[:RECENT]
    return render(
        request,
        "exchange/import_start.html",
        {"form": form, "recent": recent},
        status=form_status(form),
    )


@login_required
def import_columns(request, pk):
    job = owned_or_404(_job, actor=request.user, pk=pk)
    if job.status != ImportStatus.MAPPING:
        return redirect(job)
    try:
        columns, samples = csv_preview(bytes(job.data))
    except UnreadableFile as error:
        jobs.import_job_delete(actor=request.user, job=job)
        messages.error(request, f"{job.filename}: {error}. Nothing was imported.")
        return redirect("import-start")
    form = ColumnsForm(request.POST or None, columns=columns, samples=samples)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            mapping = jobs.check_column_map(form.column_map())
            if "start" in request.POST:
                jobs.import_job_set_columns(actor=request.user, job=job, column_map=mapping)
                jobs.import_job_start(actor=request.user, job=job)
                return redirect(job)
            preview = read_csv(bytes(job.data), mapping, limit=5)
        except (ValidationError, UnreadableFile) as error:
            message = error_text(error) if isinstance(error, ValidationError) else str(error)
            form.add_error(None, message)
    context = {
        "job": job,
        "form": form,
        "preview": preview,
        "preview_problems": {p.line: p for p in preview.problems} if preview else {},
        "samples": samples,
    }
    template = "exchange/import_columns.html"
    if request.htmx and "start" not in request.POST:
        template += "#preview"
    return render(request, template, context, status=form_status(form))


@login_required
def import_detail(request, pk):
    job = owned_or_404(_job, actor=request.user, pk=pk)
    if job.status == ImportStatus.MAPPING:
        return redirect("import-columns", pk=job.pk)
    context = {"job": job, "progress": jobs.progress_of(job)}
    if job.status == ImportStatus.DONE:
        context["summary"] = job.summary
    template = "exchange/import_detail.html"
    if request.htmx:
        response = render(request, template + "#status", context)
        if job.finished:
            # The first finished answer replaces the whole page: headings, actions, links.
            response["HX-Refresh"] = "true"
        return response
    return render(request, template, context)


@login_required
def import_rejected(request, pk):
    job = owned_or_404(_job, actor=request.user, pk=pk)
    response = HttpResponse(job.rejected_csv, content_type="text/csv; charset=utf-8")
    stem = job.filename.rsplit(".", 1)[0] or "import"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)[:80]
    response["Content-Disposition"] = f'attachment; filename="{safe}-rejected.csv"'
    return response


@login_required
@require_POST
def import_commit(request, pk):
    job = owned_or_404(_job, actor=request.user, pk=pk)
    try:
        jobs.import_job_commit(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(job)


@login_required
@require_POST
def import_delete(request, pk):
    job = owned_or_404(_job, actor=request.user, pk=pk)
    try:
        jobs.import_job_delete(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(job)
    messages.success(request, f"Removed the record of importing {job.filename}.")
    return redirect("import-start")
