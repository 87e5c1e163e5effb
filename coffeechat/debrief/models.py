"""What the user learned in one conversation, and the actions their advice became."""

from django.conf import settings
from django.db import models

Owner = settings.AUTH_USER_MODEL
FIT_MIN, FIT_MAX = 1, 5


class Debrief(models.Model):
    """Structured notes after the conversation (DOMAIN.md "After")."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="debriefs")
    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="debrief"
    )
    day_to_day = models.TextField("Day-to-day", blank=True)
    skills = models.TextField("Skills that matter", blank=True)
    # The culture, in the five parts DOMAIN.md names.
    team_size = models.CharField("Team size", blank=True, max_length=200)
    team_ways = models.TextField("How the team works", blank=True)
    flexible_work = models.TextField("Flexible work", blank=True)
    office_setting = models.TextField("Office setting", blank=True)
    management_style = models.TextField("Management style", blank=True)
    red_flags = models.TextField("Red flags", blank=True)
    fit = models.PositiveSmallIntegerField("How well you'd fit", null=True, blank=True)
    fit_reason = models.TextField("Why", blank=True)
    advice = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fit__isnull=True)
                | (models.Q(fit__gte=FIT_MIN) & models.Q(fit__lte=FIT_MAX)),
                name="debrief_fit_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Debrief of interview {self.interview_id}"


class ActionItem(models.Model):
    """A piece of advice turned into something to do by a day: it shows on Today."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="action_items")
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.CharField(max_length=300)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_on"], name="action_owner_open_due")
        ]

    def __str__(self) -> str:
        return self.text
