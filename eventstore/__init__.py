"""The event store in Django's database, and the projection machinery built on it."""
