"""The deployment tests. Those that do not touch the test database (settings read in a
subprocess, the units and the nginx site) run once, in the SQLite run of `make test`; the
real-process tests bring their own database (tests/deploy/stack.py)."""

import pytest


@pytest.fixture
def once_per_suite():
    from django.db import connection  # Django is configured once pytest-django has started

    if connection.vendor != "sqlite":
        pytest.skip("does not depend on the database: runs in the SQLite run of `make test`")
