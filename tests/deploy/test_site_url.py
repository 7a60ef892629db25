"""Every absolute link starts with SITE_URL, whatever Host the request carried: the
schedule's JSON and Atom feed, the calendars, and the links in account mail."""

import re

from django.core import mail

from meetups.testing import make_meetup

SITE = "https://convene.example.org"


def test_feeds_and_calendars_link_to_site_url_not_to_the_requests_host(client, db, settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["internal-host"]
    make_meetup("december")
    schedule = client.get("/schedule.json", HTTP_HOST="internal-host").json()
    assert schedule["meetups"][0]["url"] == f"{SITE}/meetups/december/"
    calendar = client.get("/calendar.ics", HTTP_HOST="internal-host").content.decode()
    assert f"{SITE}/meetups/december/" in calendar.replace("\r\n ", "") and "internal-host" not in calendar
    feed = client.get("/schedule/feed/", HTTP_HOST="internal-host").content.decode()
    assert f'href="{SITE}/schedule/"' in feed and "internal-host" not in feed


def test_account_mail_links_start_with_site_url(client, db, settings, deliver_mail):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["internal-host"]
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": "a-long-pass-phrase-77",
                                      "password2": "a-long-pass-phrase-77"}, HTTP_HOST="internal-host")
    deliver_mail()
    [message] = [m for m in mail.outbox if "new@example.com" in m.to]
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith(f"{SITE}/accounts/") for link in links), links
