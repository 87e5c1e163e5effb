"""The search page and the search box in the top bar."""

from __future__ import annotations

import re

from django.urls import reverse

from coffeechat.network.services import interaction_log

from .helpers import HTMX, make_person, text

URL = reverse("search")


def _search(client, q, **extra):
    return client.get(URL, {"q": q}, **extra)


def test_every_page_has_a_labelled_search_box_in_the_top_bar(owner_client):
    page = owner_client.get(reverse("people-list")).content.decode()
    top = page.split('<header class="top">')[1].split("</header>")[0]
    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', top, re.S).group(0)
    assert f'action="{URL}"' in form and 'method="get"' in form
    assert '<label for="site-search">Search</label>' in form
    assert re.search(r'<input id="site-search" type="search" name="q"', form)


def test_the_search_page_has_one_search_box_not_two(owner_client):
    page = _search(owner_client, "").content.decode()
    assert page.count('role="search"') == 1
    assert page.count('type="search"') == 1
    assert '<label for="search-q">Search</label>' in page


def test_it_explains_what_is_searched_before_anything_is_typed(owner_client):
    page = text(_search(owner_client, ""))
    assert "Search everything you have written down" in page
    assert "Accents and capitals don't matter" in page


def test_it_lists_ranked_hits_with_kind_badges_and_highlighted_matches(owner, owner_client):
    dana = make_person(owner, "Dana Whitfield", organization_name="City Climate Office")
    make_person(owner, "Ken Ito", notes="Dana's old colleague")
    interaction_log(actor=owner, person=dana, kind="call", summary="Dana talked budgets")

    response = _search(owner_client, "dana")
    page = response.content.decode()

    assert response.status_code == 200
    assert "3 results for “dana”: 2 people, 1 timeline note." in text(response)
    badges = re.findall(r'<span class="badge">([^<]+)</span>', page)
    assert badges == ["Person", "Timeline note", "Person"]
    assert f'<a href="/people/{dana.pk}/"><mark>Dana</mark> Whitfield</a>' in page
    assert "<mark>Dana</mark> talked budgets" in page


def test_it_says_there_are_no_results_for_the_query_and_offers_tips(owner, owner_client):
    make_person(owner, "Dana Whitfield")
    page = text(_search(owner_client, "zeppelin"))
    assert "No results for “zeppelin”." in page
    assert "Try fewer words, or the start of a word" in page


def test_a_query_without_words_is_explained_not_an_error(owner_client):
    response = _search(owner_client, '"*()')
    assert response.status_code == 200
    assert "has no words to search for" in text(response)


def test_the_users_text_is_escaped_in_titles_and_snippets(owner, owner_client):
    make_person(owner, "<img src=x onerror=alert(1)>", notes="see <b>budget</b> talk")
    page = _search(owner_client, "budget").content.decode()
    assert "<img src=x" not in page and "<b>budget" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;<mark>budget</mark>&lt;/b&gt;" in page


def test_an_outsider_never_sees_the_owners_hits(owner, outsider_client):
    make_person(owner, "Dana Whitfield", notes="confidential merger")
    page = text(_search(outsider_client, "merger"))
    assert "No results for “merger”." in page
    assert "Dana" not in page


def test_htmx_gets_the_results_and_the_announced_count_without_the_page(owner, owner_client):
    make_person(owner, "Dana Whitfield")
    page = _search(owner_client, "whit", **HTMX).content.decode()
    assert "<html" not in page
    assert '<p id="search-status" hx-swap-oob="innerHTML">1 result for “whit”' in page
    assert '<div id="results">' in page and "<mark>Whitfield</mark>" in page


def test_results_come_in_pages_of_twenty(owner, owner_client):
    for n in range(23):
        make_person(owner, f"Pat Lee {n:02}")
    first = text(_search(owner_client, "pat"))
    second = text(owner_client.get(URL, {"q": "pat", "page": 2}))
    assert "23 results" in first and "Page 1 of 2" in first
    assert first.count('class="badge"') == 20 and second.count('class="badge"') == 3


def test_it_asks_an_anonymous_visitor_to_log_in(client):
    response = _search(client, "dana")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
