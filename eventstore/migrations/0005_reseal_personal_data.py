"""The log's version 2: personal fields stored in the clear by earlier releases are sealed
with their person's key (eventstore/reseal.py; docs/decisions/0013-crypto-shredding.md).
Not atomic: the rewrite is one transaction of its own, then VACUUM (which cannot run in a
transaction) removes the old payloads from the database's free pages."""

from django.db import migrations


def reseal(apps, schema_editor):
    # The live code, not historical models: the mapper and the event classes decide what is personal.
    from eventstore.reseal import reseal as reseal_log

    reseal_log(schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("eventstore", "0004_personkey")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop)]
