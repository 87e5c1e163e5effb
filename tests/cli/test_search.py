"""`coffeechat search QUERY [--json] [--limit N] [--rebuild]`."""

from __future__ import annotations

from coffeechat.network.services import interaction_log, person_create


def test_it_prints_ranked_hits_with_matches_in_brackets(cli, owner):
    dana = person_create(actor=owner, name="José Whitfield", title="Policy Advisor")
    interaction_log(actor=owner, person=dana, kind="call", summary="Jose knows the mayor")

    result = cli("search", "jose")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Person: [José] Whitfield  /people/{dana.pk}/"
    assert lines[1] == "    Policy Advisor"
    assert lines[2] == f"Timeline note: [José] Whitfield  /people/{dana.pk}/"
    assert lines[3] == "    [Jose] knows the mayor"


def test_json_gives_scripts_the_plain_text_the_kind_and_the_rank(cli, owner):
    person_create(actor=owner, name="Dana Whitfield", notes="met at the <b>budget</b> forum")

    data = cli("search", "budg", "--json").json()

    assert data["query"] == "budg" and data["total"] == 1
    [hit] = data["hits"]
    assert hit["kind"] == "person" and hit["title"] == "Dana Whitfield"
    assert hit["snippet"] == "met at the <b>budget</b> forum"
    assert hit["marked"]["snippet"] == "met at the &lt;b&gt;<mark>budget</mark>&lt;/b&gt; forum"
    assert hit["rank"] > 0


def test_limit_caps_the_hits_and_says_how_many_more(cli, owner):
    for n in range(5):
        person_create(actor=owner, name=f"Pat Lee {n}")
    result = cli("search", "pat", "--limit", "2")
    assert result.out.count("Person: ") == 2
    assert result.out.rstrip().endswith("…and 3 more (use --limit).")
    assert len(cli("search", "pat", "--limit", "2", "--json").json()["hits"]) == 2


def test_no_results_says_so_with_a_tip(cli, owner):
    result = cli("search", "zeppelin")
    assert result.code == 0
    assert result.out.startswith("No results for 'zeppelin'. Try fewer words")
    assert cli("search", "zeppelin", "--json").json() == {
        "query": "zeppelin",
        "total": 0,
        "hits": [],
    }


def test_odd_input_is_searched_not_an_error(cli, owner):
    person_create(actor=owner, name="Dana Whitfield")
    for text in ['"dana', "NEAR(dana", "dana*", "dana OR", "'", "-x"]:
        result = cli("search", "--", text)
        assert result.code == 0, (text, result.err)


def test_it_searches_only_the_acting_users_rows(cli, owner, outsider):
    person_create(actor=outsider, name="Secret Sam")
    person_create(actor=owner, name="Open Olga")
    assert cli("--user", "alice", "search", "sam", "--json").json()["hits"] == []
    assert len(cli("--user", "mallory", "search", "sam", "--json").json()["hits"]) == 1


def test_rebuild_refills_the_index_and_can_search_after(cli, owner):
    person_create(actor=owner, name="Dana Whitfield", organization_name="City Climate Office")

    rebuilt = cli("search", "--rebuild")
    both = cli("search", "--rebuild", "climate", "--json")

    assert rebuilt.code == 0
    assert rebuilt.out.strip() == "Rebuilt the search index: 2 entries."
    assert [h["kind"] for h in both.json()["hits"]] == ["organization", "person"]


def test_it_refuses_a_missing_query(cli, owner):
    result = cli("search")
    assert result.error == (
        "coffeechat: error: say what to search for: coffeechat search WORDS (or --rebuild)"
    )
