"""Projections: Django models filled only by their projector, from the event log.

A projection is a consumer (eventstore/consumers.py): it keeps its position in the
tracking table and applies each page of events in the transaction that moves it. It is
`inline` (the default) when the command that appends an event brings it up to date in its
own transaction, so the page after a POST shows the change (read-your-writes), or runs
behind (`inline = False`) and is caught up by the worker (`manage.py run_worker`).
`manage.py rebuild_projections` wipes one and replays the log into it (eventstore/runner.py).

Write the rows of a page with eventstore.bulk.KeyedRows: a few statements per page.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from eventstore.consumers import Consumer


class Projection(Consumer):
    """Subclass it, set `name`, the `models` it fills and the `events` it reads, write
    `apply(page, using)`, and decorate it with `eventstore.consumers.register`."""

    models: ClassVar[tuple[type[models.Model], ...]] = ()
    inline: ClassVar[bool] = True

    def wipe(self, using: str) -> None:
        """Delete every row (a rebuild starts from nothing)."""
        for model in self.models:
            model.objects.using(using).all()._raw_delete(using)
