"""People, organizations, what the user did with them, and who knows whom.

Every row has an owner; selectors scope every read to it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from coffeechat.accounts.models import validate_time_zone, validate_windows
from coffeechat.domain.seniority import Seniority

Owner = settings.AUTH_USER_MODEL


class Organization(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True, max_length=500)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="organization_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization-detail", args=[self.pk])


class Tag(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("owner", Lower("name"), name="tag_name_unique")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, max_length=254)
    phone = models.CharField(
        blank=True,
        max_length=40,
        validators=[
            RegexValidator(r"^[0-9+()./ \-]*$", "Use digits, spaces and + ( ) - . / only.")
        ],
    )
    linkedin_url = models.URLField("LinkedIn URL", blank=True, max_length=500)
    title = models.CharField(blank=True, max_length=200)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    seniority = models.CharField(
        max_length=12, choices=[(s.value, s.label) for s in Seniority], default=Seniority.UNKNOWN
    )
    # False while seniority is our guess from the title; True once the user chose it,
    # so editing the title later does not overwrite their choice.
    seniority_confirmed = models.BooleanField(default=False)
    how_met = models.CharField("How we met", blank=True, max_length=300)
    # When they became a first-degree connection (LinkedIn's "Connected On").
    first_degree_since = models.DateField(null=True, blank=True)
    introduced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="introduced"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    notes = models.TextField(blank=True)
    is_mentor = models.BooleanField(default=False)
    keep_in_touch = models.BooleanField(
        default=False, help_text="Remind me to keep in touch. Set when a conversation is held."
    )
    keep_in_touch_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "Keep in touch at least every day (1 or more).")],
        help_text="Days between light touches; empty uses your default.",
    )
    last_contacted_at = models.DateTimeField(null=True, blank=True)
    # Who-knows-whom. Unset, the user knows someone they are connected with (an export's
    # first-degree date) or have been in touch with; a prospect is not known yet. The
    # user can always say otherwise.
    known = models.BooleanField("You know them", null=True, blank=True)
    # The user's own measure of the tie, 0 to 1, over the one worked out from how often
    # and how lately they have been in touch.
    tie_strength = models.FloatField(
        "How well you know them",
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="0 to 1; empty works it out from how often and how lately you talk.",
    )
    # Never route an introduction through (or to) this person.
    do_not_ask = models.BooleanField("Do not ask them for introductions", default=False)
    # For proposing times in their day and finding common ground with the user.
    time_zone = models.CharField(
        "Their time zone",
        blank=True,
        max_length=64,
        validators=[validate_time_zone],
        help_text="Empty means yours. A name such as America/New_York.",
    )
    working_hours = models.CharField(
        "Their working hours",
        blank=True,
        max_length=300,
        validators=[validate_windows],
        help_text="In their time zone; empty means Mon-Fri 09:00-17:00.",
    )
    schools = models.TextField(blank=True, help_text="One per line.")
    employers = models.TextField(
        "Past employers", blank=True, help_text="One per line; their current one is known."
    )
    # Derived from the two fields above by the keep-in-touch rule, stored so that
    # Today finds due people through an index instead of scanning the network.
    keep_in_touch_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name"], name="person_owner_name"),
            models.Index(fields=["owner", "keep_in_touch_due_at"], name="person_owner_kit_due"),
            models.Index(fields=["owner", "email"], name="person_owner_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(keep_in_touch_days__isnull=True)
                | models.Q(keep_in_touch_days__gte=1),
                name="person_cadence_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(introduced_by=models.F("id")), name="person_not_own_introducer"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.pk])


class InteractionKind(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Message"
    NOTE = "note", "Note"
    CARD = "card", "Handwritten card"


class InteractionPurpose(models.TextChoices):
    GENERAL = "general", "General"
    REQUEST = "request", "Request for a conversation"
    FOLLOW_UP = "follow_up", "Follow-up"
    THANK_YOU = "thank_you", "Thank-you"
    KEEP_IN_TOUCH = "keep_in_touch", "Keeping in touch"


class Interaction(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="interactions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interactions")
    interview = models.ForeignKey(
        "interviews.Interview",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    kind = models.CharField(max_length=10, choices=InteractionKind.choices)
    purpose = models.CharField(
        max_length=16, choices=InteractionPurpose.choices, default=InteractionPurpose.GENERAL
    )
    occurred_at = models.DateTimeField()
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-occurred_at"], name="interaction_timeline"),
            # The warm-path graph counts each person's interactions for one user at once.
            models.Index(fields=["owner", "person"], name="interaction_owner_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.person} on {self.occurred_at:%Y-%m-%d}"


class LinkKind(models.TextChoices):
    KNOWS = "knows", "Knows"
    INTRODUCED = "introduced", "Introduced or referred"
    COLLEAGUE = "colleague", "Work or worked together"


class Link(models.Model):
    """Who knows whom among the user's people: the graph warm paths run over."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="links")
    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_out")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=12, choices=LinkKind.choices, default=LinkKind.KNOWS)
    strength = models.FloatField(default=0.5)
    how = models.CharField(blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"], name="link_unique_per_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="link_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=0) & models.Q(strength__lte=1),
                name="link_strength_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} {self.get_kind_display().lower()} {self.to_person}"


class DuplicateDismissal(models.Model):
    """The user said two people who look alike are not the same person: stop offering them."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="duplicate_dismissals")
    # Stored lower id first, so one pair has one row whichever way round it was dismissed.
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "person_a", "person_b"], name="duplicate_dismissal_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")),
                name="duplicate_dismissal_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} is not {self.person_b}"
