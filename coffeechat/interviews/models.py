from django.conf import settings
from django.db import models
from django.urls import reverse

from coffeechat.domain.lifecycle import ALL_STAGES, Stage
from coffeechat.domain.today import InterviewFacts

MIN_MINUTES = 15
MAX_MINUTES = 60
DEFAULT_MINUTES = 20


class Purpose(models.TextChoices):
    EXPLORE = "explore", "Explore a field, role or organization"
    ONBOARD = "onboard", "Onboard: understand roles where I work"
    ADVANCE = "advance", "Advance: learn how to move up"


class Ask(models.TextChoices):
    """The one ask at the end of the conversation (DOMAIN.md "During the conversation")."""

    STAY_IN_TOUCH = "stay_in_touch", "May I stay in touch?"
    SOMEONE_ELSE = "someone_else", "Is there someone else I should talk to?"
    COME_BACK = "come_back", "May I come back with questions later?"
    PASS_RESUME = "pass_resume", "Would you pass on my resume?"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"


STAGE_CHOICES = [(s.value, s.label) for s in ALL_STAGES]


class Interview(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, related_name="interviews"
    )
    connector = models.ForeignKey(
        "network.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="connected_interviews",
        help_text="Who was asked to introduce you, if anyone.",
    )
    # What the connector said to the request for an introduction: "" while waiting.
    connector_answer = models.CharField(
        max_length=10,
        blank=True,
        choices=[("yes", "Agreed and introduced you"), ("no", "Declined to introduce you")],
    )
    # The one follow-up to a silent connector (DOMAIN.md: follow up once, then move on).
    connector_followed_up_at = models.DateTimeField(null=True, blank=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.EXPLORE)
    minutes = models.PositiveSmallIntegerField(default=DEFAULT_MINUTES)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.VIDEO)
    place = models.CharField(
        "Place or link", blank=True, max_length=500, help_text="An address, or the video link."
    )
    stage = models.CharField(max_length=20, choices=STAGE_CHOICES, default=Stage.PROSPECT)
    stage_entered_at = models.DateTimeField()
    meeting_at = models.DateTimeField(null=True, blank=True)
    revisit_on = models.DateField(null=True, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)
    ask = models.CharField(
        "Your ask at the end", max_length=16, choices=Ask.choices, default=Ask.STAY_IN_TOUCH
    )
    # Passing on a resume is an ask only for someone applying for a role there.
    applying_for = models.CharField(
        "Role you are applying for there",
        blank=True,
        max_length=200,
        help_text="Only if you are actively applying for a role at their organization.",
    )
    quote_note = models.TextField("Something they said to mention in your thank-you", blank=True)
    next_step = models.CharField(
        "What you'll do with their advice",
        blank=True,
        max_length=300,
        help_text="Read after 'I'm going to': say, take the evening course they named.",
    )
    # The conversation in which someone suggested talking to this person (a referral);
    # the person's introduced_by names who suggested them.
    referred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    # The calendar invitation: a stable UID, and SEQUENCE raised on every re-issue
    # (RFC 5545), with the start it was last issued for, to tell a reschedule.
    ical_uid = models.CharField(max_length=100, blank=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    invited_start = models.DateTimeField(null=True, blank=True, editable=False)
    # Earliest moment this interview can appear on Today, derived from the rules in
    # coffeechat.domain.today and stored so Today is an index range scan.
    next_action_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "next_action_at"], name="interview_owner_next"),
            models.Index(fields=["owner", "stage", "-updated_at"], name="interview_owner_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=MIN_MINUTES) & models.Q(minutes__lte=MAX_MINUTES),
                name="interview_minutes_15_60",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=[s.value for s in ALL_STAGES]),
                name="interview_stage_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=Stage.DEFERRED) | models.Q(revisit_on__isnull=False),
                name="interview_deferred_has_revisit",
            ),
        ]

    def __str__(self) -> str:
        return f"Interview with {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("interview-detail", args=[self.pk])

    @property
    def stage_enum(self) -> Stage:
        return Stage(self.stage)

    @property
    def facts(self) -> InterviewFacts:
        return InterviewFacts(
            stage=Stage(self.stage),
            stage_entered_at=self.stage_entered_at,
            minutes=self.minutes,
            meeting_at=self.meeting_at,
            revisit_on=self.revisit_on,
            prepared=self.prepared_at is not None,
            connector_waiting=self.connector_id is not None and not self.connector_answer,
            connector_followed_up=self.connector_followed_up_at is not None,
        )


class StageChange(models.Model):
    """The interview's history: every move, when it took effect and when it was recorded."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=20, choices=STAGE_CHOICES, blank=True)
    to_stage = models.CharField(max_length=20, choices=STAGE_CHOICES)
    at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} -> {self.to_stage} at {self.at:%Y-%m-%d %H:%M}"
