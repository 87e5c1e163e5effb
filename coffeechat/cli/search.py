"""`coffeechat search`: the same ranked search as the web page, for a terminal or a script."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from coffeechat.cli.common import CliError, acting_user, console, print_json


def search(
    ctx: typer.Context,
    query: Annotated[
        Optional[str],  # noqa: UP045 (Typer reads the annotation)
        typer.Argument(metavar="QUERY", help="Words to find; the last may be the start of one."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many.", min=1, max=1000)] = 20,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Fill the search index again from every row first.")
    ] = False,
):
    """Search your people, organizations, notes, messages, research and debriefs."""
    from coffeechat.search.index import rebuild_search_index
    from coffeechat.search.selectors import plain, search_counts, search_for

    if rebuild:
        entries = rebuild_search_index()
        if not as_json:
            console.print(f"Rebuilt the search index: {entries:,} entries.")
        if query is None:
            if as_json:
                print_json({"rebuilt": entries})
            return
    if query is None:
        raise CliError("say what to search for: coffeechat search WORDS (or --rebuild)")
    actor = acting_user(ctx)
    hits = search_for(actor=actor, query=query, limit=limit)
    total = sum(search_counts(actor=actor, query=query).values()) if hits else 0
    if as_json:
        print_json(
            {
                "query": query,
                "total": total,
                "hits": [
                    {
                        "kind": hit.kind,
                        "label": hit.label,
                        "id": hit.object_id,
                        "title": plain(hit.title, "", ""),
                        "about": plain(hit.about, "", ""),
                        "snippet": plain(hit.snippet, "", ""),
                        "marked": {"title": str(hit.title), "snippet": str(hit.snippet)},
                        "url": hit.url,
                        "rank": hit.rank,
                    }
                    for hit in hits
                ],
            }
        )
        return
    if not hits:
        console.print(
            f"No results for {query!r}. Try fewer words, or the start of a word; "
            "accents and capitals don't matter."
        )
        return
    for hit in hits:
        about = f" (with {plain(hit.about)})" if hit.about else ""
        console.print(f"{hit.label}: {plain(hit.title)}{about}  {hit.url}")
        if hit.snippet:
            console.print(f"    {plain(hit.snippet)}")
    if total > len(hits):
        console.print(f"…and {total - len(hits)} more (use --limit).")
