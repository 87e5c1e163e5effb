"""A realistic demo workspace (user `demo`), built through the same services users call.

Times are relative to now, so Today always has something to show: a thank-you due,
a follow-up due, a meeting to prepare for tomorrow, a keep-in-touch note.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.debrief.services import action_item_add, debrief_save, referral_add
from coffeechat.interviews.services import interview_advance, interview_open
from coffeechat.network.models import Link, LinkKind
from coffeechat.network.services import interaction_log, person_create
from coffeechat.prep.services import ask_save, question_plan_suggest, research_save

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"

# name, title, organization, how met, tags
PEOPLE = [
    (
        "Dana Whitfield",
        "Senior Policy Advisor",
        "City Climate Office",
        "Former teammate at the library",
        "policy, climate",
    ),
    (
        "Samir Okafor",
        "Product Designer",
        "Lumen Health",
        "Met at a design meetup",
        "design, health",
    ),
    ("Ines Carvalho", "Data Analyst", "Lumen Health", "Alumni directory", "data"),
    (
        "Priya Raman",
        "Engineering Manager",
        "Northwind Transit",
        "Introduced by Dana",
        "engineering, transit",
    ),
    (
        "Tomás Ibarra",
        "Director of Operations",
        "Northwind Transit",
        "Conference panel",
        "operations",
    ),
    ("Grace Lindqvist", "UX Researcher", "Fieldnote Labs", "Cousin's friend", "research, design"),
    ("Kwame Mensah", "Software Engineer", "Fieldnote Labs", "Bootcamp classmate", "engineering"),
    ("Hana Sato", "Program Officer", "Brightwater Foundation", "Volunteer day", "nonprofit"),
    ("Luca Romano", "Chief Executive Officer", "Brightwater Foundation", "Newsletter", "nonprofit"),
    (
        "Mei Chen",
        "Associate Product Manager",
        "Parcel & Post",
        "University alumni event",
        "product",
    ),
    ("Oren Katz", "Staff Engineer", "Parcel & Post", "Open-source project", "engineering"),
    ("Ayesha Siddiqui", "Policy Analyst", "City Climate Office", "Dana's colleague", "policy"),
    ("Jonas Weber", "Head of Design", "Lumen Health", "Talk at a design conference", "design"),
    ("Fatima Diallo", "Community Manager", "Fieldnote Labs", "Online community", "community"),
    (
        "Rafael Costa",
        "Operations Analyst",
        "Northwind Transit",
        "Friend from running club",
        "operations",
    ),
    ("Sofia Petrova", "Grant Writer", "Brightwater Foundation", "Workshop", "nonprofit, writing"),
]


def workspace_is_empty() -> bool:
    return not get_user_model().objects.exists()


@transaction.atomic
def demo_load() -> dict:
    """Create the demo user and workspace unless they already exist."""
    if settings.PRODUCTION:
        raise ValidationError(
            "the demo workspace (user demo, password demo) is not loaded in production"
        )
    User = get_user_model()
    # Names are unique regardless of case (as `user add` enforces), so "DEMO" counts.
    existing = User.objects.filter(username__iexact=DEMO_USER).first()
    if existing is not None and existing.username != DEMO_USER:
        raise ValidationError(
            f"the account {existing.username!r} already takes the name the demo workspace "
            f"needs ({DEMO_USER!r}); the demo was not loaded"
        )
    if existing is not None:
        return {
            "created": False,
            "people": existing.people.count(),
            "interviews": existing.interviews.count(),
        }
    # The demo password is deliberately simple and skips the validators: it is a demo.
    user = User.objects.create_user(DEMO_USER, password=DEMO_PASSWORD)
    Profile.objects.create(
        user=user,
        time_zone="UTC",
        name="Alex Morgan",
        email="alex.morgan@example.org",
        background="I'm a librarian moving toward public-sector data and policy work.",
        pitch=(
            "Six years running a city library's digital services taught me how much people "
            "rely on public data. I've been taking evening courses in data analysis and I'm "
            "looking at where that can lead in policy and transit."
        ),
        goals="Find out which roles in policy and transit use data day to day.",
        schools="Riverside University",
        employers="Riverside Public Library",
        availability="Mon-Fri 09:00-12:00; Tue,Thu 14:00-17:00",
    )
    now = timezone.now()
    people = {}
    for name, title, org, how_met, tags in PEOPLE:
        people[name] = person_create(
            actor=user,
            name=name,
            title=title,
            organization_name=org,
            how_met=how_met,
            tags=tags,
            email=name.lower().replace(" ", ".").replace("á", "a") + "@example.org",
        )
    dana, priya = people["Dana Whitfield"], people["Priya Raman"]
    priya.introduced_by = dana
    priya.save(update_fields=["introduced_by"])
    Link.objects.bulk_create(
        [
            Link(
                owner=user,
                from_person=dana,
                to_person=people["Ayesha Siddiqui"],
                kind=LinkKind.COLLEAGUE,
                strength=0.8,
                how="Same team",
            ),
            Link(
                owner=user,
                from_person=dana,
                to_person=priya,
                kind=LinkKind.KNOWS,
                strength=0.6,
                how="Old friends",
            ),
            Link(
                owner=user,
                from_person=people["Kwame Mensah"],
                to_person=people["Grace Lindqvist"],
                kind=LinkKind.COLLEAGUE,
                strength=0.7,
            ),
        ]
    )
    # Years of ordinary contact with a few people.
    for i, name in enumerate(["Dana Whitfield", "Kwame Mensah", "Rafael Costa", "Hana Sato"]):
        for months_ago in (14, 8, 4):
            interaction_log(
                actor=user,
                person=people[name],
                kind="email",
                summary="Caught up over email",
                occurred_at=now - timedelta(days=30 * months_ago + i),
            )

    def interview(name, purpose="explore", minutes=20, days_ago=40, **kwargs):
        return interview_open(
            actor=user,
            person=people[name],
            purpose=purpose,
            minutes=minutes,
            at=now - timedelta(days=days_ago),
            **kwargs,
        )

    def move(item, stage, days_ago, **kwargs):
        return interview_advance(
            actor=user, interview=item, to_stage=stage, at=now - timedelta(days=days_ago), **kwargs
        )

    interview("Luca Romano", days_ago=3)
    item = interview("Sofia Petrova", days_ago=5)
    move(item, "researching", 4)
    # Someone in another time zone, with common ground the request can mention.
    ines = people["Ines Carvalho"]
    ines.time_zone, ines.schools = "America/New_York", "Riverside University"
    ines.save(update_fields=["time_zone", "schools"])
    interview("Ines Carvalho", days_ago=2)
    # Asked 8 days ago, no reply: the one follow-up is due.
    item = interview("Samir Okafor", days_ago=12)
    move(item, "requested", 8)
    # Followed up 9 days ago: time to close as no reply.
    item = interview("Fatima Diallo", days_ago=25)
    move(item, "requested", 17)
    move(item, "followed_up", 9)
    # Meeting tomorrow: prepare today.
    item = interview(
        "Priya Raman",
        purpose="advance",
        minutes=30,
        days_ago=20,
        format="video",
        place="https://meet.example.org/priya",
    )
    move(item, "requested", 18)
    interview_advance(
        actor=user,
        interview=item,
        to_stage="scheduled",
        at=now - timedelta(days=10),
        meeting_at=(now + timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0),
    )
    # Half prepared: research written, questions suggested, the ask chosen; the brief and
    # the meeting view have something to show.
    research_save(
        actor=user,
        interview=item,
        field_notes="Transit agencies are opening their ridership data; planners now ask "
        "analysts for dashboards rather than yearly reports.",
        field_gaps="Which skills a policy team hires for when it says 'data'.",
        organization_notes="Northwind Transit runs buses and light rail for 1.2 million "
        "riders; a new service plan is out for comment.",
        organization_gaps="How the planning and data teams split the work.",
        person_notes="Priya moved from consulting to Northwind four years ago and manages "
        "the team behind the real-time arrivals data.",
        person_gaps="What she wishes she had learned before the move.",
        links="https://northwind.example.org/service-plan\nhttps://example.org/priya-talk",
    )
    question_plan_suggest(actor=user, interview=item)
    ask_save(actor=user, interview=item, ask="someone_else")
    # Met yesterday: the thank-you is due.
    item = interview("Grace Lindqvist", days_ago=21, format="in_person", place="Café on 3rd Street")
    move(item, "requested", 20)
    interview_advance(
        actor=user,
        interview=item,
        to_stage="scheduled",
        at=now - timedelta(days=15),
        meeting_at=now - timedelta(hours=22),
    )
    move(item, "held", 0)
    # The debrief written last night: advice to act on and someone to talk to next.
    debrief_save(
        actor=user,
        interview=item,
        day_to_day="Mornings on interview plans, afternoons in synthesis with designers.",
        skills="Running a fair interview, writing a clear finding, basic statistics.",
        team_size="Six researchers",
        team_ways="Pairs on each study; a weekly readout to the product teams.",
        flexible_work="Two office days a week",
        office_setting="Open plan with quiet rooms for calls",
        management_style="Hands-off, weekly one-to-ones",
        red_flags="Research often starts after the product decision is made.",
        fit=4,
        fit_reason="My library interviews with patrons are close to this work.",
        advice="Write up one library study as a case study; take a survey-design course.",
        quote_note="the advice to turn a library study into a case study",
        next_step="draft the case study this month",
    )
    action_item_add(
        actor=user,
        interview=item,
        text="Write up the patron study as a case study",
        due_on=(now + timedelta(days=3)).date(),
    )
    action_item_add(
        actor=user,
        interview=item,
        text="Sign up for a survey-design course",
        due_on=now.date(),
    )
    referral_add(
        actor=user,
        interview=item,
        name="Noah Fischer",
        organization="Fieldnote Labs",
        title="Research Operations Lead",
        how="Runs research operations and hires juniors",
    )
    # A conversation that went well, thanked, now kept in touch.
    item = interview("Dana Whitfield", days_ago=200)
    move(item, "requested", 198)
    interview_advance(
        actor=user,
        interview=item,
        to_stage="scheduled",
        at=now - timedelta(days=196),
        meeting_at=now - timedelta(days=190),
    )
    move(item, "held", 190)
    debrief_save(
        actor=user,
        interview=item,
        day_to_day="Briefing notes for council, data requests from other departments.",
        skills="Plain writing, spreadsheets, knowing who holds which data.",
        team_size="Eight",
        management_style="Close, daily check-ins",
        fit=3,
        fit_reason="I'd like the data side more than the council briefings.",
        advice="Learn SQL and volunteer on an open-data project.",
    )
    interaction_log(
        actor=user,
        person=dana,
        interview=item,
        kind="email",
        purpose="thank_you",
        summary="Thanked her; mentioned the transit data project",
        occurred_at=now - timedelta(days=189),
    )
    # Someone on a hiring panel: deferred until it closes.
    item = interview("Oren Katz", days_ago=15)
    move(item, "deferred", 14, revisit_on=(now + timedelta(days=20)).date())
    item = interview("Tomás Ibarra", days_ago=30)
    move(item, "requested", 28)
    move(item, "declined", 26)
    item = interview("Mei Chen", purpose="onboard", days_ago=10)
    move(item, "intro_requested", 9)
    return {"created": True, "people": user.people.count(), "interviews": user.interviews.count()}
