"""The archive's search structures, one per database: a GIN index on the stored
tsvector (PostgreSQL), an FTS5 table with porter stemming (SQLite)."""

from django.db import migrations

FTS = "talks_archive_fts"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE INDEX talks_archive_search_gin ON talks_archiveentry USING gin (search)")
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(talk_id UNINDEXED, title, people, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS talks_archive_search_gin")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [("talks", "0002_archiveentry_archivemeetup_archivemember")]
    operations = [migrations.RunPython(create, drop)]
