"""RsvpRemoved.reason is sealed with the removed member's key from now on
(docs/decisions/0018-rsvp-removal-reason-and-destroyed-keys.md): the reasons stored in the clear
before are sealed in place, as eventstore 0005 did for the other personal fields
(eventstore/reseal.py: idempotent, only payloads without a sealed value are rewritten;
not atomic: the rewrite is one transaction, then VACUUM)."""

from django.db import migrations


def reseal(apps, schema_editor):
    # The live code, not historical models: the mapper and the event classes decide what is personal.
    from eventstore.reseal import reseal as reseal_log

    reseal_log(schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("community", "0006_rosterentry_on_going_list"), ("eventstore", "0007_destroyed_keys_index")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop)]
