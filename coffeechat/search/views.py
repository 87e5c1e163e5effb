"""The search page: the user's people, organizations, notes and messages, best match first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coffeechat.search import query as q
from coffeechat.search.selectors import WINDOW, search_counts, search_for
from coffeechat.search.sources import BY_KIND

PER_PAGE = 20


class _Hits:
    """The hits of one query as a sequence the paginator can slice: each page is one
    ranked query for just its rows."""

    def __init__(self, actor, query: str, total: int):
        self.actor, self.query, self.total = actor, query, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice):
        return search_for(
            actor=self.actor,
            query=self.query,
            limit=window.stop - window.start,
            offset=window.start,
        )


def _counted(kind: str, n: int) -> str:
    source = BY_KIND[kind]
    return source.label.lower() if n == 1 else source.plural


@login_required
@require_GET
def search_page(request):
    text = request.GET.get("q", "").strip()[:500]
    counts = search_counts(actor=request.user, query=text)
    total = sum(counts.values())
    # Pages reach as deep as the ranking does: each source's newest WINDOW matches.
    reachable = sum(min(n, WINDOW) for n in counts.values())
    hits = _Hits(request.user, text, reachable)
    page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "q": text,
        "has_words": bool(q.terms(text)),
        "page": page,
        "total": total,
        "counts": [(n, _counted(kind, n)) for kind, n in counts.items() if n],
    }
    template = "search/results.html#live" if request.htmx else "search/results.html"
    return render(request, template, context)
