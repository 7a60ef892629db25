"""?page= on the archive: ASCII page numbers only; anything else is no page (404), never
a 500."""

import re

import pytest


@pytest.mark.parametrize("page", ["²", "٣", "1.5", "-1", "abc", " 2", "1234567", "9" * 5000], ids=repr)
def test_a_page_that_is_not_a_plain_number_is_404(client, db, page):
    assert client.get("/archive/", {"page": page}).status_code == 404


@pytest.mark.parametrize(
    ("page", "said"), [("", []), ("1", []), ("0", []), ("2", ["There is no page 2."]), ("999999", ["There is no page 10000."])]
)
def test_a_page_number_of_up_to_six_digits_is_a_page(client, db, page, said):
    """An empty archive: page 1 (also for an empty ?page= and 0) says so; a later page says it is not there."""
    response = client.get("/archive/", {"page": page})
    body = b"".join(response.streaming_content).decode()
    assert (response.status_code, re.findall(r"There is no page \d+\.", body)) == (200, said)
