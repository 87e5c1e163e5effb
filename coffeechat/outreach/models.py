"""The messages of one interview and the user's own templates for them."""

from django.conf import settings
from django.db import models

from coffeechat.domain.messages import KeepInTouchReason, MessageKind

KIND_CHOICES = [(k.value, k.label) for k in MessageKind]
REASON_CHOICES = [(r.value, r.label) for r in KeepInTouchReason]


class SentVia(models.TextChoices):
    COPIED = "copied", "Copied into my mail"
    MAIL_APP = "mail_app", "My mail program"
    EML = "eml", "Downloaded .eml"
    SMTP = "smtp", "Sent by coffeechat"
    CARD = "card", "Handwritten card"
    OTHER = "other", "Another way"


class Message(models.Model):
    """A draft, then what was sent: the user's text as they last saved it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    reason = models.CharField(max_length=12, choices=REASON_CHOICES, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_via = models.CharField(max_length=10, choices=SentVia.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["interview", "kind"], name="message_interview_kind")]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "draft"
        return f"{self.get_kind_display()} ({state}) for interview {self.interview_id}"

    @property
    def kind_enum(self) -> MessageKind:
        return MessageKind(self.kind)


class MessageTemplate(models.Model):
    """The user's version of one default template (coffeechat.domain.drafting)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_templates"
    )
    key = models.CharField(max_length=32)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="template_owner_key_unique")
        ]

    def __str__(self) -> str:
        return f"Template {self.key} of {self.owner}"
