from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def _triggers_off(sender, using, plan=None, **kwargs):
    # A trigger that names another table breaks SQLite's table rebuilds (ALTER TABLE
    # RENAME checks every trigger), and one that names a dropped column breaks
    # PostgreSQL's writes: no triggers while migrations run; the index is refilled after.
    if not plan:
        return
    from django.db import connections

    from coffeechat.search.index import drop_triggers

    drop_triggers(connections[using])


def _triggers_on(sender, using, **kwargs):
    from django.db import connections

    from coffeechat.search.index import ensure_search_index

    ensure_search_index(connections[using])


class SearchConfig(AppConfig):
    name = "coffeechat.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        # Once per migrate run (the signals are sent for every app otherwise).
        pre_migrate.connect(_triggers_off, sender=self, dispatch_uid="search-triggers-off")
        post_migrate.connect(_triggers_on, sender=self, dispatch_uid="search-triggers-on")
