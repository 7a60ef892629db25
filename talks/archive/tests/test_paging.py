"""?page= on the archive: ASCII page numbers only; anything else is no page (404), never
a 500."""

import pytest


@pytest.mark.parametrize("page", ["²", "٣", "1.5", "-1", "abc", " 2", "1234567", "9" * 5000], ids=repr)
def test_a_page_that_is_not_a_plain_number_is_404(client, db, page):
    assert client.get("/archive/", {"page": page}).status_code == 404


@pytest.mark.parametrize("page", ["", "1", "0"])
def test_page_one_of_an_empty_archive_says_it_is_empty(client, db, page):
    """An empty archive: page 1 (also for an empty ?page= and 0) says so."""
    response = client.get("/archive/", {"page": page})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and "No talks in the archive yet." in body


@pytest.mark.parametrize("page", ["2", "999999"])
def test_a_page_past_the_last_is_404_never_page_5_of_2(client, db, page):
    assert client.get("/archive/", {"page": page}).status_code == 404
