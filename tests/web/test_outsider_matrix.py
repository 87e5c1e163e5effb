"""Every page about one object: the owner sees it, an outsider gets 404, anonymous logs in.

The list of such pages is read from coffeechat.urls, so a new URL with an id cannot ship
without an entry in OWNED saying how to build the owner's object behind it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, reverse

from coffeechat import urls
from coffeechat.accounts.models import Profile
from coffeechat.debrief.models import ActionItem, Debrief
from coffeechat.exchange.jobs import import_job_create, run_import_job
from coffeechat.exchange.models import ImportJob
from coffeechat.interviews.models import Interview, StageChange
from coffeechat.network.models import (
    DuplicateDismissal,
    Interaction,
    Link,
    Organization,
    Person,
    Tag,
)
from coffeechat.network.services import organization_get_or_create
from coffeechat.outreach.models import Message, MessageTemplate
from coffeechat.prep.models import MeetingNotes, OwnQuestion, PlannedQuestion, Research
from tests.conftest import NOW

from .helpers import make_interview, make_person

# Pages anyone may open without an account.
PUBLIC = {"signup", "login", "logout", "healthz"}


def _walk(patterns, inherited_id: bool = False) -> Iterator[tuple[str, bool]]:
    for entry in patterns:
        takes_id = inherited_id or entry.pattern.regex.groups > 0
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, takes_id)
        elif isinstance(entry, URLPattern):
            # An unnamed route can't be reversed, nor slip past the coverage check below.
            yield entry.name or f"<unnamed {entry.pattern}>", takes_id


ROUTES = dict(_walk(urls.urlpatterns))
# Opened without an account by the secret in the address (tests/web/test_calendar_feed.py).
SECRET_URLS = {"outreach-feed"}
ID_URLS = sorted(name for name, takes_id in ROUTES.items() if takes_id and name not in SECRET_URLS)
PLAIN_URLS = sorted(name for name, takes_id in ROUTES.items() if not takes_id)


# --- the owner's objects behind each URL ------------------------------------------


def _person(owner) -> dict:
    person = make_person(owner, email="dana@example.org", organization_name="City Climate Office")
    return {"pk": person.pk}


def _person_for_interview(owner) -> dict:
    return {"person_pk": _person(owner)["pk"]}


def _organization(owner) -> dict:
    organization = organization_get_or_create(actor=owner, name="City Climate Office")
    make_person(owner, organization=organization)
    return {"pk": organization.pk}


def _interview(owner) -> dict:
    return {"pk": make_interview(owner, make_person(owner), at=NOW).pk}


def _look_alikes(owner) -> dict:
    """Two records of one person, as typing someone in twice makes them."""
    first = make_person(owner, email="dana@example.org", organization_name="City Climate Office")
    second = make_person(owner, organization_name="City Climate Office")
    return {"keep": first.pk, "other": second.pk}


def _look_alikes_to_dismiss(owner) -> dict:
    pair = _look_alikes(owner)
    return {"pk": pair["keep"], "other": pair["other"]}


LINKEDIN = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Dana,Whitfield,,dana@example.org,City Climate Office,Advisor,15 Mar 2024\n"
    b"Broken,Line,,not-an-email,,,\n"
)


def _person_and_acquaintance(owner) -> dict:
    make_person(owner, "Ravi Okafor")
    return _person(owner)


def _intro_asked(owner) -> dict:
    """An interview waiting for a connector's answer."""
    from coffeechat.interviews.introductions import intro_request

    connector = make_person(owner, "Dana Whitfield")
    return {"pk": intro_request(actor=owner, target=make_person(owner), connector=connector).pk}


def _import_checked(owner) -> dict:
    """A finished dry run of a file naming the owner's contacts, with a rejected line."""
    job = import_job_create(
        actor=owner, source="linkedin", filename="Connections.csv", data=LINKEDIN, dry_run=True
    )
    run_import_job(job.pk)
    return {"pk": job.pk}


def _import_mapping(owner) -> dict:
    data = b"Full Name,Employer\nDana Whitfield,City Climate Office\n"
    job = import_job_create(actor=owner, source="csv", filename="team.csv", data=data)
    return {"pk": job.pk}


def _scheduled(owner) -> dict:
    from datetime import timedelta

    from coffeechat.interviews.services import interview_advance

    interview = make_interview(owner, make_person(owner), "requested", at=NOW)
    interview_advance(
        actor=owner, interview=interview, to_stage="scheduled", meeting_at=NOW + timedelta(days=400)
    )
    return {"pk": interview.pk}


def _invited(owner) -> dict:
    from coffeechat.outreach.invitations import invitation_issue

    kwargs = _scheduled(owner)
    invitation_issue(actor=owner, interview=Interview.objects.get(pk=kwargs["pk"]))
    return kwargs


def _draft(owner) -> dict:
    from coffeechat.outreach.services import message_save

    interview = make_interview(owner, make_person(owner), at=NOW)
    message = message_save(
        actor=owner, interview=interview, kind="request", subject="Hello", body="A draft"
    )
    return {"pk": message.pk}


def _held(owner) -> dict:
    return {"pk": make_interview(owner, make_person(owner), "held", at=NOW).pk}


def _action_item(owner) -> dict:
    from datetime import timedelta

    from coffeechat.debrief.services import action_item_add

    interview = make_interview(owner, make_person(owner), "held", at=NOW)
    item = action_item_add(
        actor=owner, interview=interview, text="Learn SQL", due_on=(NOW + timedelta(days=3)).date()
    )
    return {"pk": item.pk}


def _action_item_done(owner) -> dict:
    from coffeechat.debrief.services import action_item_done

    kwargs = _action_item(owner)
    action_item_done(actor=owner, item=ActionItem.objects.get(pk=kwargs["pk"]))
    return kwargs


def _planned(owner) -> dict:
    from coffeechat.prep.services import question_plan_add

    interview = make_interview(owner, make_person(owner), at=NOW)
    return {"pk": question_plan_add(actor=owner, interview=interview, text="What changed?").pk}


def _own_question(owner) -> dict:
    from coffeechat.prep.services import own_question_save

    make_person(owner)  # so a leak of the owner's data would show the name
    return {"pk": own_question_save(actor=owner, text="Who shaped you?", family="advice").pk}


@dataclass(frozen=True)
class Target:
    build: Callable[..., dict]  # makes the owner's object, returns the URL kwargs
    # A body the owner's POST succeeds with (and the outsider's must not); None: read only.
    post: dict | None = None
    # The view answers GET with 405 for everyone: there is no page to show or to leak.
    post_only: bool = False
    # What the owner's POST answers: a redirect, or a file to download.
    post_status: int = 302


OWNED: dict[str, Target] = {
    "person-detail": Target(_person),
    "person-edit": Target(_person, post={"name": "Renamed by a stranger"}),
    "person-delete": Target(_person, post={}),
    "interaction-log": Target(
        _person, post={"kind": "note", "summary": "Written by a stranger"}, post_only=True
    ),
    "interview-create": Target(
        _person_for_interview, post={"purpose": "explore", "minutes": "20", "format": "video"}
    ),
    "organization-detail": Target(_organization),
    "organization-edit": Target(_organization, post={"name": "Renamed by a stranger"}),
    "organization-delete": Target(_organization, post={}),
    "interview-detail": Target(_interview),
    "interview-edit": Target(
        _interview, post={"purpose": "advance", "minutes": "30", "format": "phone"}
    ),
    "interview-move": Target(_interview, post={"to_stage": "researching"}, post_only=True),
    "interview-delete": Target(_interview, post={}),
    "interview-connector": Target(_intro_asked, post={"answer": "yes"}, post_only=True),
    "person-knows": Target(_person_and_acquaintance, post={"other": "Ravi Okafor"}, post_only=True),
    "import-detail": Target(_import_checked),
    "import-rejected": Target(_import_checked),
    "import-columns": Target(_import_mapping),
    "import-commit": Target(_import_checked, post={}, post_only=True),
    "import-delete": Target(_import_checked, post={}, post_only=True),
    "person-merge": Target(_look_alikes, post={}),
    "duplicate-dismiss": Target(_look_alikes_to_dismiss, post={}, post_only=True),
    "outreach-compose": Target(
        _interview, post={"kind": "request", "subject": "Hi", "body": "A stranger's draft"}
    ),
    # Checks the text being typed; nothing is stored, so there is nothing to POST-test.
    "outreach-coach": Target(_interview, post_only=True),
    "outreach-slots": Target(_interview),
    "outreach-agree": Target(
        _interview, post={"start": "2028-03-07T10:00:00+00:00"}, post_only=True
    ),
    "outreach-invitation": Target(_scheduled),
    "outreach-invitation-cancel": Target(_invited, post={}, post_only=True, post_status=200),
    "outreach-message-delete": Target(_draft, post={}, post_only=True),
    # Preparing and the meeting.
    "prep-prepare": Target(_interview),
    "prep-research": Target(
        _interview, post={"person_notes": "Written by a stranger"}, post_only=True
    ),
    "prep-ask": Target(_interview, post={"ask": "pass_resume"}, post_only=True),
    "prep-prepared": Target(_scheduled, post={}, post_only=True),
    "prep-question-add": Target(
        _interview, post={"text": "A stranger's question?", "family": "advice"}, post_only=True
    ),
    "prep-question-suggest": Target(_interview, post={}, post_only=True),
    # A plan of one question has no other order: the outsider's POST is still refused.
    "prep-question-order": Target(_interview, post_only=True),
    "prep-question-move": Target(_planned, post_only=True),
    "prep-question-remove": Target(_planned, post={}, post_only=True),
    "prep-question-tick": Target(_planned, post={"asked": "1"}, post_only=True),
    "prep-own-delete": Target(_own_question, post={}, post_only=True),
    "prep-brief": Target(_interview),
    "prep-meeting": Target(_interview),
    "prep-meeting-start": Target(_interview, post={}, post_only=True),
    "prep-notes": Target(
        _interview, post={"text": "A stranger's notes", "revision": "1"}, post_only=True
    ),
    # The debrief.
    "debrief": Target(_held, post={"advice": "Learn SQL", "quote_note": "A stranger's quote"}),
    "debrief-action-add": Target(
        _held, post={"text": "A stranger's task", "due_on": "2028-01-03"}, post_only=True
    ),
    "debrief-referral-add": Target(_held, post={"name": "Ravi Okafor"}, post_only=True),
    "debrief-action-done": Target(_action_item, post={}, post_only=True),
    "debrief-action-reopen": Target(_action_item_done, post={}, post_only=True),
    "debrief-action-delete": Target(_action_item, post={}),
}
POSTED = [name for name in ID_URLS if name not in OWNED or OWNED[name].post is not None]


def _url(name: str, owner) -> tuple[str, Target]:
    if name not in OWNED:
        pytest.fail(f"{name} takes an id but has no entry in OWNED: add a factory for it")
    target = OWNED[name]
    return reverse(name, kwargs=target.build(owner)), target


def _send(client, method: str, url: str, target: Target):
    if method == "post":
        return client.post(url, target.post or {})
    return client.get(url)


def _world() -> list:
    """Everything stored, whoever owns it: an outsider's request must leave it as it was."""
    return [
        list(Person.objects.order_by("pk").values_list()),
        list(Organization.objects.order_by("pk").values_list()),
        list(Tag.objects.order_by("pk").values_list()),
        list(Interview.objects.order_by("pk").values_list()),
        list(StageChange.objects.order_by("pk").values_list()),
        list(Interaction.objects.order_by("pk").values_list()),
        list(ImportJob.objects.order_by("pk").values_list()),
        list(Link.objects.order_by("pk").values_list()),
        list(DuplicateDismissal.objects.order_by("pk").values_list()),
        list(Message.objects.order_by("pk").values_list()),
        list(MessageTemplate.objects.order_by("pk").values_list()),
        list(Profile.objects.order_by("pk").values_list()),
        list(Research.objects.order_by("pk").values_list()),
        list(OwnQuestion.objects.order_by("pk").values_list()),
        list(PlannedQuestion.objects.order_by("pk").values_list()),
        list(MeetingNotes.objects.order_by("pk").values_list()),
        list(Debrief.objects.order_by("pk").values_list()),
        list(ActionItem.objects.order_by("pk").values_list()),
    ]


def test_it_has_an_owned_object_factory_for_every_url_that_takes_an_id():
    assert ID_URLS, "found no URL with an id: the walk over urlpatterns is broken"
    missing = set(ID_URLS) - set(OWNED)
    stale = set(OWNED) - set(ID_URLS)
    assert not missing, f"URLs with an id and no factory in OWNED: {sorted(missing)}"
    assert not stale, f"OWNED names URLs that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("name", ID_URLS)
def test_it_shows_the_owner_their_page(name, owner, owner_client):
    url, target = _url(name, owner)
    response = owner_client.get(url)
    assert response.status_code == (405 if target.post_only else 200)


@pytest.mark.parametrize("name", POSTED)
def test_it_does_what_the_owner_posts(name, owner, owner_client):
    url, target = _url(name, owner)
    before = _world()
    response = owner_client.post(url, target.post)
    assert response.status_code == target.post_status
    if target.post_status == 302:
        assert response.url.startswith("/")
    # The body works, so the outsider's 404 below is the access check, not a bad form.
    assert _world() != before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ID_URLS)
def test_it_gives_an_outsider_404_and_changes_nothing(name, method, owner, outsider_client):
    url, target = _url(name, owner)
    before = _world()
    response = _send(outsider_client, method, url, target)
    expected = 405 if (method == "get" and target.post_only) else 404
    assert response.status_code == expected
    assert "Dana Whitfield" not in response.content.decode()
    assert _world() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ID_URLS)
def test_it_sends_an_anonymous_visitor_to_log_in(name, method, owner, client):
    url, target = _url(name, owner)
    before = _world()
    response = _send(client, method, url, target)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert _world() == before


@pytest.mark.parametrize("name", sorted(set(PLAIN_URLS) - PUBLIC))
def test_it_asks_an_anonymous_visitor_to_log_in_on_every_other_page(name, client):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


# What each list page shows the owner, so its absence for the outsider means something.
OWNER_SEES = {
    "today": "Ravi Okafor",
    "people-list": "Ravi Okafor",
    "organization-list": "City Climate Office",
    "interview-board": "Ravi Okafor",
    "interview-list": "Ravi Okafor",
    "people-export-csv": "Ravi Okafor",
    "people-export-xlsx": "Ravi Okafor",
    "people-export-vcard": "Ravi Okafor",
}


def _readable(response) -> str:
    """The response as text a person would read: a workbook's cells, else the body."""
    if "spreadsheetml" in response["Content-Type"]:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    return response.content.decode()


# POST-only pages without an id: nothing to show anyone on a GET.
POST_ONLY_PLAIN = {"today-done", "paths-ask", "outreach-feed-token"}


@pytest.mark.parametrize("name", sorted(set(PLAIN_URLS) - PUBLIC - POST_ONLY_PLAIN))
def test_it_shows_an_outsider_none_of_the_owners_data_on_list_pages(
    name, owner, interview, owner_client, outsider_client, clock
):
    # Due on Today for the owner: requested 8 days ago and never answered.
    make_interview(owner, make_person(owner, "Ravi Okafor"), "requested", at=NOW)
    clock.shift(8 * 24 * 3600)
    if name in OWNER_SEES:
        assert OWNER_SEES[name] in _readable(owner_client.get(reverse(name)))
    response = outsider_client.get(reverse(name))
    assert response.status_code == 200
    page = _readable(response)
    for secret in ("Dana Whitfield", "Ravi Okafor", "City Climate Office"):
        assert secret not in page


def test_it_finds_none_of_the_owners_people_when_an_outsider_searches(person, outsider_client):
    response = outsider_client.get(reverse("people-list"), {"q": "Dana"})
    assert "No one matches" in response.content.decode()
    assert "Dana Whitfield</a>" not in response.content.decode()


def _due_follow_up(owner):
    person = make_person(owner, "Ravi Okafor", keep_in_touch=True)
    eight_days_ago = NOW.replace(day=8)
    return make_interview(owner, person, "requested", at=eight_days_ago)


@pytest.mark.parametrize(
    "body",
    [
        lambda interview: {"kind": "follow_up", "interview": interview.pk},
        lambda interview: {"kind": "keep_in_touch", "person": interview.person.pk},
    ],
    ids=["interview", "person"],
)
def test_it_gives_an_outsider_404_for_today_done_with_the_owners_ids(body, owner, outsider_client):
    interview = _due_follow_up(owner)
    before = _world()
    response = outsider_client.post(reverse("today-done"), body(interview))
    assert response.status_code == 404
    assert _world() == before
    interview.refresh_from_db()
    assert interview.stage == "requested"


def test_it_lets_the_owner_do_what_the_outsider_could_not(owner, owner_client):
    interview = _due_follow_up(owner)
    body = {"kind": "follow_up", "interview": interview.pk}
    response = owner_client.post(reverse("today-done"), body)
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.stage == "followed_up"
