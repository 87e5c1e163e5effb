"""Small helpers every view uses: owner-scoped lookups, pagination, HTMX replies."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

PAGE_SIZE = 25


def owned_or_404(selector, **kwargs):
    """Run an owner-scoped selector; anyone else's object is simply not found."""
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("Not found") from None


def page_of(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def add_service_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in field_errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_status(form) -> int:
    """422 for a refused form, so scripts and tests see the refusal, not only the page."""
    return 422 if form.is_bound and form.errors else 200


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def safe_next(request, *, default: str) -> str:
    """Where a form asked to go back to, if that is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
