"""Getting ready for one conversation: research, the questions to ask, the meeting notes."""

from django.conf import settings
from django.db import models

Owner = settings.AUTH_USER_MODEL


class Research(models.Model):
    """What the user found out before the meeting, in three parts (DOMAIN.md "Preparing").

    Each part has a second box for what could not be found online: those gaps are the
    best questions to ask.
    """

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="research")
    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="research"
    )
    field_notes = models.TextField("The field", blank=True)
    field_gaps = models.TextField("About the field, not found online", blank=True)
    organization_notes = models.TextField("The organization", blank=True)
    organization_gaps = models.TextField("About the organization, not found online", blank=True)
    person_notes = models.TextField("The person", blank=True)
    person_gaps = models.TextField("About the person, not found online", blank=True)
    links = models.TextField(blank=True, help_text="One address per line.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Research for interview {self.interview_id}"


class OwnQuestion(models.Model):
    """A question the user wrote: it joins the bank for all their interviews."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="own_questions")
    text = models.CharField(max_length=500)
    # A coffeechat.domain.questions.Family value.
    family = models.CharField(max_length=20)
    # The purposes it suits, comma-separated ("explore,advance"); empty means all.
    purposes = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class PlannedQuestion(models.Model):
    """One question picked for an interview, in the order the user wants to ask it."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="planned_questions")
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="planned_questions"
    )
    # Where it came from: a bank key, or the user's own question (or neither: typed here).
    bank_key = models.CharField(max_length=40, blank=True)
    own = models.ForeignKey(OwnQuestion, null=True, blank=True, on_delete=models.SET_NULL)
    # The text as planned, kept even if the user later edits or deletes their question.
    text = models.CharField(max_length=500)
    position = models.PositiveIntegerField(default=0)
    # Ticked in the meeting view.
    asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["interview", "position"], name="planned_interview_pos")]

    def __str__(self) -> str:
        return self.text


class MeetingNotes(models.Model):
    """Quick notes taken during the conversation, saved as they are typed.

    `revision` counts the client's saves: a save older than the stored one (a request
    delayed by a flaky connection) is ignored, so the newest text always wins.
    """

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="meeting_notes")
    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="meeting_notes"
    )
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Meeting notes for interview {self.interview_id}"
