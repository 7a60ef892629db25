"""Organisers see the outgoing email in the admin (eventstore/admin.py): what waits, what
was given up on and why, and can ask for another try; plain members cannot; nobody adds,
edits or deletes a message there."""

import re
from html import unescape

import pytest

from eventstore.outbox import OutboxMessage, deliver_due, enqueue
from membership.testing import make_member

LIST = "/admin/eventstore/outboxmessage/"
# What Postfix answers for an unknown address.
REPLY = "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
REFUSED = (
    "SMTPRecipientsRefused: {'bob@example.com': (550, b'5.1.1 <bob@example.com>: Recipient address rejected: "
    "User unknown in virtual mailbox table')}"
)


def queue(name: str, subject: str) -> OutboxMessage:
    return enqueue(
        key=f"test:{name}", source="meetups.promotion-mail", to=f"{name}@example.com", subject=subject, body="Hi\n",
    )


@pytest.fixture
def failed(smtp_server, db) -> OutboxMessage:
    """Bob's address is refused for good: the message has failed."""
    smtp_server.refuse("bob@example.com", REPLY)
    message = queue("bob", "You have a seat at December talk night")
    deliver_due()
    return OutboxMessage.objects.get(pk=message.pk)


def rows(response) -> list[list[str]]:
    """The change list's table, as text: one list of cells per email."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)][1:]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_an_organiser_sees_a_failed_email_with_its_reason(client, olivia, failed):
    client.force_login(olivia)

    response = client.get(LIST)

    assert response.status_code == 200
    assert failed.last_error == REFUSED
    [[to, subject, status, attempts, next_attempt, error]] = rows(response)
    assert (to, subject, status, attempts, error) == (
        "bob@example.com", "You have a seat at December talk night", "Gave up", "1", REFUSED[:79] + "…",
    )
    page = client.get(f"{LIST}{failed.pk}/change/")
    assert page.status_code == 200
    assert REFUSED in unescape(page.content.decode())  # the whole reason on the email's own page


def test_the_list_is_newest_first_and_filters_by_status_and_source_and_searches_address_and_subject(
    client, olivia, failed, smtp_server
):
    smtp_server.stop()
    queue("cat", "Cancelled: December talk night")
    deliver_due()  # waiting: the server is down
    enqueue(key="accounts:1", source="accounts", to="dan@example.com", subject="Confirm your email", body="Hi\n")
    client.force_login(olivia)

    assert [row[:3] for row in rows(client.get(LIST))] == [
        ["dan@example.com", "Confirm your email", "Waiting to be sent"],
        ["cat@example.com", "Cancelled: December talk night", "Waiting to be sent"],
        ["bob@example.com", "You have a seat at December talk night", "Gave up"],
    ]
    assert [row[0] for row in rows(client.get(LIST, {"status__exact": "failed"}))] == ["bob@example.com"]
    assert [row[0] for row in rows(client.get(LIST, {"source": "accounts"}))] == ["dan@example.com"]
    assert [row[0] for row in rows(client.get(LIST, {"q": "cat@"}))] == ["cat@example.com"]
    assert [row[0] for row in rows(client.get(LIST, {"q": "seat"}))] == ["bob@example.com"]


def test_try_again_now_makes_a_failed_email_due_again(client, olivia, failed, smtp_server):
    client.force_login(olivia)
    smtp_server.refused.clear()  # the address was fixed at the other end

    response = client.post(LIST, {"action": "try_again_now", "_selected_action": [failed.pk]}, follow=True)

    assert response.status_code == 200
    assert "1 email will be tried again in a moment, with a fresh count of attempts." in unescape(response.content.decode())
    again = OutboxMessage.objects.get(pk=failed.pk)
    assert (again.status, again.attempts) == ("pending", 0)
    assert deliver_due().sent == 1
    assert [r.rcpt_tos for r in smtp_server.received] == [("bob@example.com",)]


def test_try_again_now_leaves_a_sent_email_alone(client, olivia, smtp_server):
    sent = queue("ann", "You have a seat at December talk night")
    deliver_due()
    client.force_login(olivia)

    response = client.post(LIST, {"action": "try_again_now", "_selected_action": [sent.pk]}, follow=True)

    assert "1 email was sent already and will not be sent again." in unescape(response.content.decode())
    assert OutboxMessage.objects.get(pk=sent.pk).status == "sent"
    assert deliver_due().sent == 0


def test_a_plain_member_cannot_see_the_outgoing_email(client, failed):
    client.force_login(make_member("Ann"))

    response = client.get(LIST)

    assert (response.status_code, response.url) == (302, f"/admin/login/?next={LIST}")


def test_nobody_adds_edits_or_deletes_an_email_in_the_admin(client, olivia, failed):
    client.force_login(olivia)

    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{failed.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{LIST}{failed.pk}/change/", {"subject": "Changed"}).status_code == 403
    page = client.get(f"{LIST}{failed.pk}/change/").content.decode()
    assert ('name="_save"' in page, "delete_selected" in client.get(LIST).content.decode()) == (False, False)
    assert OutboxMessage.objects.get(pk=failed.pk).subject == "You have a seat at December talk night"
