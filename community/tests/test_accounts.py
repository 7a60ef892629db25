"""allauth's pages and mail in the site's words and style."""

import re
from html import unescape

from community.group.command import describe_group
from eventstore.outbox import OutboxMessage
from meetups.testing import make_meetup

PASSWORD = "correct-horse-battery-42"
SIGNUP = {"email": "new@example.com", "display_name": "New Person", "password1": PASSWORD, "password2": PASSWORD}


def main(response) -> str:
    page = unescape(response.content.decode())
    return page[page.index("<main"):page.index("</main>")]


def test_log_in_and_sign_up_say_log_in_and_sign_up_without_trailing_colons(client, db):
    login = main(client.get("/accounts/login/"))
    assert "<h1>Log in</h1>" in login and '<button type="submit">Log in</button>' in login
    assert "Sign In" not in login and "Remember Me" not in login and "Keep me logged in on this device" in login
    signup = main(client.get("/accounts/signup/"))
    assert "<h1>Sign up</h1>" in signup and '<button type="submit">Sign up</button>' in signup and "Sign Up" not in signup
    for page in (login, signup):
        assert re.findall(r"<label[^>]*>[^<]*:</label>", page) == []
        assert "placeholder=" not in page


def test_the_password_rules_are_quiet_help_under_the_field(client, db):
    signup = main(client.get("/accounts/signup/"))
    assert '<div class="help" id="id_password1_helptext"><ul><li>' in signup
    assert 'aria-describedby="id_password1_helptext"' in signup


def test_sign_up_from_a_meetup_brings_the_new_member_back_to_it(client, db):
    make_meetup("december")
    page = client.get("/accounts/signup/?next=/meetups/december/").content.decode()
    assert '<input type="hidden" name="next" value="/meetups/december/">' in page
    response = client.post("/accounts/signup/", SIGNUP | {"next": "/meetups/december/"})
    assert (response.status_code, response["Location"]) == (302, "/meetups/december/")


def test_a_length_limited_field_shows_a_count_and_says_when_too_long_instead_of_cutting(client, ann):
    client.force_login(ann)
    page = client.get("/members/me/edit/").content.decode()
    assert 'maxlength="80"' not in page and 'maxlength="500"' not in page
    assert '<span class="char-count" data-count-for="id_bio" data-max="500">Up to 500 characters.</span>' in page
    response = client.post("/members/me/edit/", {"display_name": "Ann", "bio": "x" * 501, "links": ""})
    assert "Ensure this value has at most 500 characters (it has 501)." in unescape(response.content.decode())


def test_the_confirmation_mail_greets_with_the_groups_name(client, db, smtp_server, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    describe_group(by="t", name="PyRVA", summary="", meets_where="", meets_when="", chat_url="", code_of_conduct="", about="")
    # Its own address: allauth sends one confirmation per address per 3 minutes (its cache outlives a test).
    client.post("/accounts/signup/", SIGNUP | {"email": "greeted@example.com"})
    [mail] = OutboxMessage.objects.all()
    assert mail.subject.startswith("[PyRVA] ")
    assert mail.body.startswith("Hello from PyRVA!")
    assert "testserver!" not in mail.body


def test_removing_an_email_address_looks_destructive(client, ann):
    client.force_login(ann)
    page = client.get("/accounts/email/").content.decode()
    assert re.search(r'<button\s+class="button-danger"[^>]*name="action_remove"', page)
