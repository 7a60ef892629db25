"""Fixtures for the browser tests (the `browser` and `page` fixtures are in the root
conftest.py; the helpers in support.py)."""

import pytest

from tests.browser.support import BrowserProblems, watch


@pytest.fixture
def problems() -> BrowserProblems:
    """What went wrong in the pages that `open_page` opened; end a test with problems.assert_none()."""
    return BrowserProblems()


@pytest.fixture
def open_page(browser, problems):
    """open_page(**context_options) -> a watched page in a fresh browser context (its own cookies)."""
    contexts = []

    def open_(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return watch(context.new_page(), problems)

    yield open_
    for context in contexts:
        context.close()
