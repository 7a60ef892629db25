"""Signing up and resetting a password while the mail server is down (a real SMTP server,
stopped): no error page and nothing half-made; the person is told the email will follow,
and it does once the server is back (membership/join/adapter.py, eventstore/outbox.py)."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from eventstore.outbox import OutboxMessage, deliver_due
from eventstore.store import event_store
from membership.events import MemberJoined
from membership.join.adapter import NOT_SENT_YET
from membership.streams import member_stream
from membership.testing import make_member

pytestmark = pytest.mark.django_db(transaction=True)  # the mail is tried when the request's transaction commits

PASSWORD = "a-long-pass-phrase-42"
SIGNUP = {"email": "new@example.com", "display_name": "New Person", "password1": PASSWORD, "password2": PASSWORD}
WAITING = (
    "We could not send the email to new@example.com just now: our mail server is not available. The email is saved "
    "and we will keep trying for the next few hours, so it will reach you once the server is back. You do not need "
    "to ask for it again."
)


@pytest.fixture(autouse=True)
def _no_rate_limits_left_over():
    """allauth counts the mail it sent to an address in the cache (one verification mail
    per address every few minutes), and the cache outlives a test."""
    cache.clear()
    yield
    cache.clear()


def shown(response) -> list[tuple[str, str]]:
    """The messages on the page: (level, text)."""
    return [(level, unescape(text)) for level, text in
            re.findall(r'<p class="message message-(\w+)">(.*?)</p>', response.content.decode(), re.S)]


def page_text(response) -> str:
    """The text of the page's main part, as one line."""
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def waiting() -> list[tuple]:
    return list(OutboxMessage.objects.values_list("to", "subject", "status", "attempts"))


def a_minute_later() -> None:
    """What the worker does once the first retry is due."""
    assert deliver_due(now=timezone.now() + timedelta(minutes=1)).sent == 1


def link_in(body: str) -> str:
    [url] = re.findall(r"http://testserver(/accounts/\S+/)", body)
    return url


# -- sign-up ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("verification", "next_page"), [("optional", "/members/me/"), ("mandatory", "/accounts/confirm-email/")]
)
def test_signing_up_while_the_mail_server_is_down_makes_the_account_and_says_the_email_will_follow(
    client, smtp_server, settings, verification, next_page
):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    smtp_server.stop()

    response = client.post(reverse("account_signup"), SIGNUP)

    assert (response.status_code, response.url) == (302, next_page)
    user = get_user_model().objects.get(email="new@example.com")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified")) == [
        ("new@example.com", True, False)
    ]
    assert event_store().load(member_stream(user.pk)) == [
        MemberJoined(user_id=user.pk, email="new@example.com", display_name="New Person")
    ]
    assert waiting() == [("new@example.com", "[Convene] Please Confirm Your Email Address", "pending", 1)]
    page = client.get(next_page)
    assert page.status_code == 200
    if verification == "optional":  # signed in; allauth's "Confirmation email sent" is left out: it was not sent
        assert shown(page) == [("warning", WAITING), ("success", "Successfully signed in as new@example.com.")]
    else:  # not signed in until the address is confirmed
        assert shown(page) == [("warning", WAITING)]
        assert page_text(page) == (  # what the person reads, top to bottom
            f"{WAITING} Verify Your Email Address We are sending you an email to check your address. Follow the "
            "link in it to finish signing up. If it has not arrived in a few minutes, please look in your spam folder."
        )


@pytest.mark.parametrize("verification", ["optional", "mandatory"])
def test_the_verification_email_arrives_when_the_server_is_back_and_its_link_works(
    client, smtp_server, settings, verification
):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    smtp_server.stop()
    client.post(reverse("account_signup"), SIGNUP)
    smtp_server.start()

    a_minute_later()

    [received] = smtp_server.received
    assert (received.rcpt_tos, received.message["Subject"]) == (
        ("new@example.com",), "[Convene] Please Confirm Your Email Address",
    )
    assert waiting() == [("new@example.com", "[Convene] Please Confirm Your Email Address", "sent", 2)]
    confirm = link_in(received.message.get_content())
    assert client.post(confirm).status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified is True


def test_with_the_mail_server_up_the_verification_email_goes_at_once(client, smtp_server, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = client.post(reverse("account_signup"), SIGNUP, follow=True)

    assert [r.rcpt_tos for r in smtp_server.received] == [("new@example.com",)]
    assert shown(response) == [("info", "Confirmation email sent to new@example.com.")]
    assert waiting() == [("new@example.com", "[Convene] Please Confirm Your Email Address", "sent", 1)]


def test_an_address_the_mail_server_refuses_is_said_so(client, smtp_server):
    smtp_server.refuse("new@example.com", "550 5.1.1 No such user here")

    response = client.post(reverse("account_signup"), SIGNUP, follow=True)

    assert response.redirect_chain == [("/members/me/", 302)]
    assert shown(response) == [
        ("warning", "We could not send the email to new@example.com: the mail server refused that address. "
                    "Please check it for typing mistakes."),
        ("success", "Successfully signed in as new@example.com."),
    ]
    assert waiting() == [("new@example.com", "[Convene] Please Confirm Your Email Address", "failed", 1)]


# -- password reset ------------------------------------------------------------------------------
def test_asking_for_a_password_reset_while_the_mail_server_is_down_says_the_email_will_follow(client, smtp_server):
    make_member("Ann")
    smtp_server.stop()

    response = client.post(reverse("account_reset_password"), {"email": "ann@example.com"})

    assert (response.status_code, response.url) == (302, "/accounts/password/reset/done/")
    page = client.get(response.url)
    assert shown(page) == [("warning", NOT_SENT_YET.format(address="ann@example.com"))]
    assert page_text(page) == (  # what the person reads, top to bottom
        "We could not send the email to ann@example.com just now: our mail server is not available. The email is "
        "saved and we will keep trying for the next few hours, so it will reach you once the server is back. You do "
        "not need to ask for it again. Password Reset We are sending you an email with a link to reset your password. "
        "If it has not arrived in a few minutes, please look in your spam folder."
    )
    assert waiting() == [("ann@example.com", "[Convene] Password Reset Email", "pending", 1)]


def test_the_password_reset_email_arrives_when_the_server_is_back_and_its_link_works(client, smtp_server):
    make_member("Ann")
    smtp_server.stop()
    client.post(reverse("account_reset_password"), {"email": "ann@example.com"})
    smtp_server.start()

    a_minute_later()

    [received] = smtp_server.received
    assert (received.rcpt_tos, received.message["Subject"]) == (("ann@example.com",), "[Convene] Password Reset Email")
    form = client.get(link_in(received.message.get_content()))
    assert form.status_code == 302  # to the same link without the key in it
    new_password = "another-long-pass-phrase-7"
    done = client.post(urlsplit(form.url).path, {"password1": new_password, "password2": new_password})
    assert (done.status_code, done.url) == (302, "/accounts/password/reset/key/done/")
    assert get_user_model().objects.get(email="ann@example.com").check_password(new_password) is True
