"""The interview board (a column per stage) and the list filtered by stage."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coffeechat.domain.lifecycle import ALL_STAGES
from tests.conftest import NOW

from .helpers import make_interview, make_person, text


def _counts(page: str) -> dict[str, int]:
    found = re.findall(r'<h2 id="col-(\w+)">[^<]*<span class="count">(\d+)</span></h2>', page)
    return {stage: int(n) for stage, n in found}


@pytest.fixture
def pipeline(owner):
    ravi, mina, lee = (make_person(owner, n) for n in ("Ravi Okafor", "Mina Park", "Lee Chen"))
    make_interview(owner, ravi, at=NOW)
    make_interview(owner, mina, at=NOW)
    make_interview(owner, lee, "requested", at=NOW)
    make_interview(owner, ravi, "declined", at=NOW)


def test_it_shows_a_column_for_every_stage_with_its_count(owner_client, pipeline):
    page = text(owner_client.get(reverse("interview-board")))
    counts = _counts(page)
    assert list(counts) == [stage.value for stage in ALL_STAGES]
    assert counts == {s.value: 0 for s in ALL_STAGES} | {
        "prospect": 2,
        "requested": 1,
        "declined": 1,
    }
    assert '<h2 id="col-held">Held <span class="count">0</span></h2>' in page


def test_it_shows_cards_in_their_column(owner_client, pipeline):
    page = text(owner_client.get(reverse("interview-board")))
    requested = page[page.index('id="col-requested"') : page.index('id="col-followed_up"')]
    assert ">Lee Chen</a>" in requested and "Ravi Okafor" not in requested
    held = page[page.index('id="col-held"') : page.index('id="col-thanked"')]
    assert '<p class="empty">None</p>' in held


def test_it_links_to_the_rest_of_a_full_column(owner, owner_client):
    for n in range(9):
        make_interview(owner, make_person(owner, f"Person {n}"), at=NOW)
    page = text(owner_client.get(reverse("interview-board")))
    assert _counts(page)["prospect"] == 9
    assert page.count('class="card-item"') == 8
    assert f'href="{reverse("interview-list")}?stage=prospect">All 9 prospect</a>' in page


def test_it_filters_the_list_by_stage_and_paginates(owner, owner_client):
    for n in range(26):
        make_interview(owner, make_person(owner, f"Prospect {n:02}"), at=NOW)
    make_interview(owner, make_person(owner, "Lee Chen"), "requested", at=NOW)

    first = text(owner_client.get(reverse("interview-list"), {"stage": "prospect"}))
    assert "<h1>Interviews: prospect</h1>" in first
    assert "Page 1 of 2" in first
    assert 'href="?stage=prospect&page=2" rel="next"' in first
    assert "Lee Chen" not in first
    assert '<option value="prospect" selected>' in first

    second = text(owner_client.get(reverse("interview-list"), {"stage": "prospect", "page": 2}))
    assert "Page 2 of 2" in second
    assert second.count('<span class="stage stage-prospect">') == 1
    assert "Lee Chen" not in second

    everything = text(owner_client.get(reverse("interview-list")))
    assert "Lee Chen" in everything and "Page 1 of 2" in everything


def test_it_says_when_a_stage_is_empty(owner_client, pipeline):
    page = text(owner_client.get(reverse("interview-list"), {"stage": "held"}))
    assert "No interviews in held yet." in page


def test_it_ignores_an_unknown_stage(owner_client, pipeline):
    response = owner_client.get(reverse("interview-list"), {"stage": "bogus"})
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Interviews</h1>" in page
    assert page.count('<span class="stage stage-') == 4
