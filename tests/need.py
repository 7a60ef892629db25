"""A tool a test needs: missing, the test skips locally with the message, and fails under
CI=true (CI must run every test; nothing is skipped there silently)."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def need(condition: bool, message: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail("CI=true: " + message)
        pytest.skip(message)
