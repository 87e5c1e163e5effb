"""The composer and its coach, time slots, invitations, templates and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coffeechat.accounts.services import profile_for
from coffeechat.domain import coach, drafting
from coffeechat.domain.messages import KeepInTouchReason, MessageKind
from coffeechat.domain.text import word_count
from coffeechat.interviews.selectors import interview_for
from coffeechat.outreach import invitations, mail, selectors, services
from coffeechat.outreach.forms import AgreeForm, DraftForm, TemplateForm
from coffeechat.outreach.models import Message, SentVia
from coffeechat.web import error_text, owned_or_404


def _kind(value: str | None, interview) -> MessageKind:
    try:
        return MessageKind(value)
    except ValueError:
        return selectors.kinds_for(interview)[0]


def _reason(value: str | None) -> KeepInTouchReason | None:
    try:
        return KeepInTouchReason(value)
    except ValueError:
        return None


def _reason_for(kind: MessageKind, value: str | None) -> KeepInTouchReason | None:
    """Only a keep-in-touch note has a reason (advice unless another is chosen)."""
    if kind != MessageKind.KEEP_IN_TOUCH:
        return None
    return _reason(value) or KeepInTouchReason.ADVICE


def _coach_context(request, interview, kind, subject, body):
    facts = selectors.coach_facts(
        actor=request.user, interview=interview, kind=kind, subject=subject, body=body
    )
    findings = coach.check(facts)
    person = interview.person
    mailto = ""
    if person.email:
        draft = Message(interview=interview, subject=subject, body=body)
        mailto = mail.mailto_url(actor=request.user, message=draft)
    return {
        "findings": findings,
        "problems": sum(1 for f in findings if f.level == coach.Level.PROBLEM),
        "words": word_count(body),
        "mailto": mailto,
    }


def _draft(request, interview, kind, reason, message_pk):
    """The text to show: the message asked for, the open draft, or a fresh one."""
    if message_pk:
        message = owned_or_404(selectors.message_for, actor=request.user, pk=message_pk)
        if message.interview_id != interview.pk:
            raise Http404("Not found")
        return message, message.subject, message.body
    message = selectors.open_draft_for(
        actor=request.user, interview=interview, kind=kind, reason=reason
    )
    if message is not None:
        return message, message.subject, message.body
    if kind == MessageKind.KEEP_IN_TOUCH and reason is None:
        reason = KeepInTouchReason.ADVICE
    key = drafting.template_key(kind, reason)
    fresh = drafting.draft(
        key,
        selectors.draft_context(actor=request.user, interview=interview),
        selectors.template_for(actor=request.user, key=key),
    )
    return None, fresh.subject, fresh.body


@login_required
@require_http_methods(["GET", "POST"])
def compose(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    kind = _kind(data.get("kind"), interview)
    reason = _reason_for(kind, data.get("reason"))
    status = 200
    if request.method == "POST":
        response, status = _compose_post(request, interview, kind, reason)
        if response is not None:
            return response
        message = _posted_message(request, interview)
        subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
    else:
        message, subject, body = _draft(request, interview, kind, reason, data.get("message"))
        if message is not None:
            # A saved message keeps its own kind and reason, whatever the address says:
            # saving it again must not turn a milestone note into an advice note.
            kind = message.kind_enum
            reason = _reason_for(kind, message.reason)
    form = DraftForm(
        initial={
            "kind": kind.value,
            "reason": reason.value if reason else "",
            "message": message.pk if message else None,
            "subject": subject,
            "body": body,
        }
    )
    context = {
        "interview": interview,
        "kind": kind,
        "reason": reason,
        "kinds": selectors.kinds_for(interview),
        "reasons": list(KeepInTouchReason),
        "form": form,
        "message": message,
        "can_send": mail.can_send() and bool(interview.person.email),
        "sent": selectors.messages_for(actor=request.user, interview=interview).exclude(
            sent_at=None
        )[:20],
        **_coach_context(request, interview, kind, subject, body),
    }
    return render(request, "outreach/compose.html", context, status=status)


def _posted_message(request, interview) -> Message | None:
    pk = request.POST.get("message")
    if not pk:
        return None
    message = owned_or_404(selectors.message_for, actor=request.user, pk=pk)
    if message.interview_id != interview.pk:
        raise Http404("Not found")
    return message


def _compose_post(request, interview, kind, reason):
    """Save the draft, then do what the button asked. (response, status) or (None, 422)."""
    action = request.POST.get("action", "save")
    try:
        message = services.message_save(
            actor=request.user,
            interview=interview,
            kind=kind,
            reason=reason,
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
            message=_posted_message(request, interview),
        )
        if action == "eml":
            response = HttpResponse(
                mail.eml_bytes(actor=request.user, message=message), content_type="message/rfc822"
            )
            name = f"{kind.value.replace('_', '-')}-{interview.pk}.eml"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response, 200
        if action == "send":
            mail.message_send(actor=request.user, message=message)
            messages.success(request, f"Sent to {interview.person.name}; logged and moved on.")
            return redirect(interview), 302
        if action == "sent":
            via = request.POST.get("via") or SentVia.OTHER
            if via == SentVia.SMTP:
                # Only a message coffeechat handed to the mail server is "sent by coffeechat".
                raise ValidationError("Choose how you sent it: by your mail program, say.")
            services.message_mark_sent(actor=request.user, message=message, via=via)
            messages.success(request, f"{kind.label} marked sent: logged, and Today is updated.")
            return redirect(interview), 302
    except ValidationError as error:
        messages.error(request, error_text(error))
        return None, 422
    messages.success(request, "Draft saved.")
    url = reverse("outreach-compose", args=[interview.pk])
    return redirect(f"{url}?kind={kind.value}&message={message.pk}"), 302


@login_required
@require_POST
def coach_panel(request, pk):
    """The coach's findings for the text as it is being typed (HTMX, nothing saved)."""
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    kind = _kind(request.POST.get("kind"), interview)
    context = {
        "interview": interview,
        **_coach_context(
            request, interview, kind, request.POST.get("subject", ""), request.POST.get("body", "")
        ),
    }
    return render(request, "outreach/compose.html#coach", context)


@login_required
@require_POST
def message_delete(request, pk):
    message = owned_or_404(selectors.message_for, actor=request.user, pk=pk)
    try:
        services.message_delete(actor=request.user, message=message)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Draft deleted.")
    return redirect(message.interview)


# --- times and invitations ------------------------------------------------------------


@login_required
def slot_panel(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    try:
        count = max(1, min(int(request.GET.get("count", 3)), 10))
    except ValueError:
        count = 3
    found = selectors.slots_for(actor=request.user, interview=interview, count=count)
    options = [
        {
            "start": slot.start,
            "text": selectors.describe_slot(actor=request.user, interview=interview, slot=slot),
        }
        for slot in found
    ]
    context = {
        "interview": interview,
        "options": options,
        "agree_form": AgreeForm(),
        "lead_days": profile_for(request.user).lead_days,
    }
    template = "outreach/slots.html#slots" if request.htmx else "outreach/slots.html"
    return render(request, template, context)


@login_required
@require_POST
def time_agree(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    form = AgreeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the agreed date and time, e.g. 2026-12-08 10:00.")
        return redirect("outreach-slots", pk=interview.pk)
    try:
        interview = invitations.time_agree(
            actor=request.user, interview=interview, start=form.cleaned_data["start"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("outreach-slots", pk=interview.pk)
    when = timezone.localtime(interview.meeting_at).strftime("%A %-d %B, %H:%M")
    messages.success(request, f"Scheduled for {when}. Send them the invitation.")
    return redirect(interview)


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def invitation(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    try:
        body = invitations.invitation_issue(actor=request.user, interview=interview)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(interview)
    return _ics(body, f"interview-{interview.pk}.ics")


@login_required
@require_POST
def invitation_cancel(request, pk):
    interview = owned_or_404(interview_for, actor=request.user, pk=pk)
    try:
        body = invitations.invitation_cancel(actor=request.user, interview=interview)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(interview)
    return _ics(body, f"interview-{interview.pk}-cancelled.ics")


# --- the user's templates -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    errors: dict[str, str] = {}
    rows = selectors.templates_for(actor=request.user)
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key not in drafting.TEMPLATE_KEYS:
            raise Http404("No such template")
        try:
            if request.POST.get("action") == "reset":
                services.template_reset(actor=request.user, key=key)
                messages.success(request, "Back to coffeechat's wording.")
            else:
                form = TemplateForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("A template needs a subject and a body.")
                services.template_save(actor=request.user, key=key, **form.cleaned_data)
                messages.success(request, "Template saved; new drafts use it.")
        except ValidationError as error:
            errors[key] = error_text(error)
            for row in rows:
                if row["key"] == key:
                    row.update(
                        subject=request.POST.get("subject", ""), body=request.POST.get("body", "")
                    )
        else:
            return redirect(f"{reverse('outreach-templates')}#template-{key.replace(':', '-')}")
    for row in rows:
        row["anchor"] = row["key"].replace(":", "-")
        row["error"] = errors.get(row["key"], "")
    context = {"rows": rows, "placeholders": drafting.PLACEHOLDERS}
    return render(request, "outreach/templates.html", context, status=422 if errors else 200)


# --- the private calendar feed --------------------------------------------------------


@login_required
@require_POST
def feed_token(request):
    if request.POST.get("action") == "revoke":
        invitations.feed_token_revoke(actor=request.user)
        messages.success(request, "The calendar feed is off; its old address no longer works.")
    elif profile_for(request.user).feed_token:
        invitations.feed_token_new(actor=request.user)
        messages.success(request, "New calendar feed address: the old one no longer works.")
    else:
        invitations.feed_token_new(actor=request.user)
        messages.success(request, "The calendar feed is on: subscribe to its address below.")
    return redirect(f"{reverse('settings')}#feed")


@require_GET
def feed(request, token):
    """The feed itself: no login, the secret in the address is the key."""
    owner = invitations.feed_owner(token)
    if owner is None:
        raise Http404("No such feed")
    response = HttpResponse(
        invitations.feed_for(actor=owner), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response
