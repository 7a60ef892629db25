"""Behind the proxy: the request id, body caps, Permissions-Policy, private pages, the
admin's sign-in, and a clear 503 when the database does not answer."""

import re

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from eventstore.context import current_request_id


def test_every_response_carries_a_new_request_id_when_no_trusted_proxy(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    first = client.get("/", HTTP_X_REQUEST_ID="client-chosen-id-123")
    second = client.get("/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert first["X-Request-ID"] != "client-chosen-id-123"  # a client's own header is not believed


def test_the_trusted_proxys_request_id_is_kept_and_bad_ones_replaced(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    hostile = client.get("/", HTTP_X_REQUEST_ID="bad id\r\nSet-Cookie: x=1")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", hostile)
    assert client.get("/", HTTP_X_REQUEST_ID="x" * 500)["X-Request-ID"] != "x" * 500


def test_the_view_runs_inside_the_request_scope(rf, settings):
    from community.middleware import RequestIdMiddleware  # tested alone, around a stand-in view

    seen = {}

    def view(request):
        seen["id"] = current_request_id()
        from django.http import HttpResponse  # the test's stand-in view

        return HttpResponse("ok")

    settings.TRUSTED_PROXY_COUNT = 1
    response = RequestIdMiddleware(view)(rf.get("/", HTTP_X_REQUEST_ID="proxy-id-00000001"))
    assert seen["id"] == "proxy-id-00000001" == response["X-Request-ID"]
    assert current_request_id() is None


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024
    response = client.post("/accounts/login/", data=b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413


def test_a_10_mb_multipart_upload_is_refused(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile  # only this test uploads

    upload = SimpleUploadedFile("big.bin", b"\0" * (10 * 1024 * 1024))
    response = client.post("/accounts/login/", {"file": upload, "login": "a@example.com"})
    assert response.status_code == 413


def test_permissions_policy_on_every_page(client, db):
    assert "camera=()" in client.get("/")["Permissions-Policy"]


def test_public_pages_stay_cacheable_and_personal_ones_are_private(client, ann):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert {"private", "no-store"} <= set(client.get("/accounts/login/")["Cache-Control"].replace(" ", "").split(","))
    client.force_login(ann)
    for path in ("/", "/members/me/"):
        directives = set(client.get(path)["Cache-Control"].replace(" ", "").split(","))
        assert {"private", "no-store"} <= directives, path


def test_the_admin_signs_in_through_allauths_rate_limited_login(client, ann):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302  # no form here
    client.force_login(ann)
    assert client.get("/admin/login/?next=/admin/").status_code == 403  # not an organiser: no loop


@pytest.mark.django_db
def test_wrong_passwords_are_counted_in_the_shared_cache(olivia, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/5m/key"}
    cache.clear()
    browser = Client()
    answers = [
        browser.post("/accounts/login/?next=/admin/", {"login": olivia.email, "password": f"wrong-{i}"}).status_code
        for i in range(6)
    ]
    right = browser.post("/accounts/login/?next=/admin/", {"login": olivia.email, "password": "pw-Olivia-12345"})
    assert answers == [200] * 6
    assert right.status_code == 200 and b"Too many failed login attempts" in right.content


def test_a_database_that_does_not_answer_is_a_clear_503(client, db, monkeypatch):
    import community.urls as urls  # the URLconf holds the view it imported

    def down(request):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    client.raise_request_exception = False
    monkeypatch.setattr(urls.urlpatterns[0], "callback", down)
    response = client.get("/")
    assert response.status_code == 503
    assert b"database is not answering" in response.content
    assert b"Traceback" not in response.content
    assert response["Retry-After"] == "30"


def test_other_errors_stay_a_plain_500(client, db, monkeypatch):
    import community.urls as urls  # the URLconf holds the view it imported

    def broken(request):
        raise ValueError("bug")

    monkeypatch.setattr(urls.urlpatterns[0], "callback", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500 and b"Something went wrong" in response.content


@pytest.mark.django_db
def test_password_reset_mail_for_one_address_is_limited_in_the_shared_cache(ann, deliver_mail, settings):
    from django.core import mail  # only this test reads the sent mail

    cache.clear()
    for _ in range(8):
        Client().post("/accounts/password/reset/", {"email": ann.email})
    deliver_mail()
    resets = [m for m in mail.outbox if ann.email in m.to]
    assert 1 <= len(resets) <= 5  # allauth's "5/m/key", counted in the database cache every worker shares
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db
@pytest.mark.parametrize("proxies, second_client_refused", [(1, False), (0, True)])
def test_rate_limits_see_the_client_behind_the_trusted_proxy(ann, settings, proxies, second_client_refused):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip"}
    cache.clear()

    def fail(address: str):
        return Client().post("/accounts/login/", {"login": ann.email, "password": "wrong"}, HTTP_X_FORWARDED_FOR=address,
                             REMOTE_ADDR="127.0.0.1")

    first = [fail("198.51.100.1").content for _ in range(3)]
    assert b"Too many failed login attempts" in first[-1]
    # Another client behind the same proxy: its own count when the proxy is trusted; the
    # proxy's (shared) count when it is not, since X-Forwarded-For is then ignored.
    assert (b"Too many failed login attempts" in fail("198.51.100.2").content) is second_client_refused
