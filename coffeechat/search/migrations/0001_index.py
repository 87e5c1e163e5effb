"""The search index's own storage: an FTS5 table on SQLite, a tsvector table on PostgreSQL.

The triggers that fill it are not made here: after every `migrate`, the app installs them
from coffeechat.search.sources.SOURCES and fills the index from the rows already there
(coffeechat.search.apps). On SQLite, a trigger that names another table makes any later
migration that rebuilds that table fail, so triggers are kept out of the way while
migrations run and put back once the schema is final.
"""

from django.db import migrations


def create(apps, schema_editor):
    from coffeechat.search.index import create_storage

    create_storage(schema_editor.connection)


def drop(apps, schema_editor):
    from coffeechat.search.index import drop_storage

    drop_storage(schema_editor.connection)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
