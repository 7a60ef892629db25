"""The deployment as an operator runs it, with real processes on 127.0.0.1 (tests/deploy/stack.py):
a PostgreSQL cluster of our own, two gunicorn instances (deploy/gunicorn.conf.py, production
settings, two workers each) and two workers, behind nginx (deploy/nginx) with a self-signed
certificate, mail to a real SMTP sink.

The tests run in file order on one stack: set-up and the proxy's promises; sign-up, RSVP
and a proposal over HTTPS; throttled sign-in across workers; throughput and slow clients;
scale-out with cancellations; backup and restore; the database stopped and started.
Marked slow (not in `make test-fast`) and postgres (they run once, in the PostgreSQL run
of `make test`; they never use the shared cluster). Figures go to var/deploy-figures.json
(deploy/README.md quotes them)."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import socket
import ssl
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from eventstore.tests.smtp import SmtpSink
from tests.deploy.stack import BASE_DIR, Browser, Postgres, Site, production_env, wait_for_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PG_PORT, WEB_A, WEB_B, HTTPS, HTTP = 8150, 8101, 8102, 8143, 8180
SITE_URL = f"https://localhost:{HTTPS}"
STAFF_PASSWORD = "staging-organiser-pw-2026"
SCALE_SLUG, SCALE_SEATS = "packaging-in-2027", 50
FIGURES = BASE_DIR / "var" / "deploy-figures.json"
figures: dict = {}


def record(**found) -> None:
    figures.update(found)
    FIGURES.parent.mkdir(exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")


@pytest.fixture(scope="module")
def stack():
    folder = Path(tempfile.mkdtemp(prefix="convene-deploy-", dir="/tmp"))
    folder.chmod(0o755)  # nginx's workers (nobody) read the static files
    sink = SmtpSink().start()
    pg = Postgres(folder / "pg", PG_PORT)
    site = None
    started = time.monotonic()
    try:
        pg.init()
        pg.start()
        # The runbook's install steps, in its order (deploy/README.md, "Install").
        pg.tool("createdb", "convene")
        site = Site(folder, production_env(folder, database_url=pg.url(), site_url=SITE_URL, smtp_port=sink.port))
        site.manage("check", "--deploy", "--fail-level", "WARNING")
        site.manage("migrate", "--no-input")
        site.manage("collectstatic", "--no-input")
        site.manage("seed_demo", "--force-production", "--organiser-password", STAFF_PASSWORD)
        site.gunicorn(WEB_A, name="web-a")
        site.gunicorn(WEB_B, name="web-b")
        site.worker("worker-1")
        site.worker("worker-2")
        site.nginx(upstreams=[f"127.0.0.1:{WEB_A}", f"127.0.0.1:{WEB_B}"], https_port=HTTPS, http_port=HTTP)
        record(setup_seconds=round(time.monotonic() - started, 1))
        site.pg, site.sink = pg, sink
        yield site
    finally:
        if site is not None:
            site.stop_all()
        pg.stop()
        sink.stop()
        if not os.environ.get("KEEP_DEPLOY_TMP"):  # set it to look at the logs after a run
            shutil.rmtree(folder, ignore_errors=True)


def browser(stack) -> Browser:
    return Browser(SITE_URL, stack.cert)


def mails_to(sink: SmtpSink, address: str) -> list:
    return [r.message for r in sink.received if address in r.rcpt_tos]


def wait_until(check, *, timeout: float = 60, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def caught_up(stack) -> bool:
    body = browser(stack).get("/healthz").json()
    return body.get("ok") and all(c["behind_events"] == 0 for c in body["consumers"]) and body["unsent_mail"]["waiting"] == 0


# -- the proxy's promises ---------------------------------------------------------------------------
def test_healthz_and_what_the_proxy_does(stack):
    site = browser(stack)
    health = site.get("/healthz")
    assert health.status == 200, health.text
    assert health.json()["ok"] is True and health.json()["database"] is True
    # Plain HTTP only redirects; HTTPS carries HSTS for a year with subdomains.
    plain = Browser(f"http://localhost:{HTTP}", stack.cert).get("/meetups/", follow=False)
    assert (plain.status, plain.headers["location"]) == (301, "https://localhost/meetups/")
    home = site.get("/")
    assert home.status == 200
    assert home.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert "camera=()" in home.headers["permissions-policy"]
    # HTTP/2 is offered (ALPN).
    context = ssl.create_default_context(cafile=str(stack.cert))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", HTTPS), timeout=5) as raw, context.wrap_socket(raw, server_hostname="localhost") as tls:
        assert tls.selected_alpn_protocol() == "h2"
    # Text is gzipped; hashed static files are cached for a year.
    zipped = site.request("GET", "/meetups/", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers.get("content-encoding") == "gzip"
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
    assert css, "the page links a hashed stylesheet"
    static = site.get(css.group(1))
    assert static.status == 200 and static.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_the_request_id_is_nginxs_and_gunicorn_logs_it_with_the_duration(stack):
    site = browser(stack)
    answer = site.get("/meetups/", headers={"X-Request-ID": "client-made-up-0001", "X-Forwarded-For": "6.6.6.6"})
    rid = answer.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)  # the proxy's, not the client's
    logs = [stack.folder / "web-a.access.log", stack.folder / "web-b.access.log"]
    line = wait_until(lambda: next((ln for log in logs for ln in log.read_text().splitlines() if f"rid={rid}" in ln), None), timeout=5)
    assert line, "one access-log line carries the request id"
    assert re.match(r'^127\.0\.0\.1 "GET /meetups/ HTTP/1\.[01]" 200 \d+ \d+ms rid=' + rid + r" pid=<\d+> ", line), line
    assert "6.6.6.6" not in line  # the client's X-Forwarded-For was replaced by the proxy


def test_an_export_from_the_fast_lane_is_djangos_answer_with_a_request_id_of_its_own(stack):
    """/calendar.ics, polled: after Django's first answer each worker answers it ahead of
    Django (community/fast_lane.py); what the client gets is the same, headers included."""
    site = browser(stack)
    answers = [site.get("/calendar.ics") for _ in range(6)]
    assert {a.status for a in answers} == {200}
    assert len({a.text for a in answers}) == 1 and "BEGIN:VCALENDAR" in answers[0].text
    for name in ("strict-transport-security", "content-security-policy", "permissions-policy", "x-frame-options", "etag", "content-type"):
        assert len({a.headers.get(name) for a in answers}) == 1 and answers[0].headers.get(name), name
    rids = [a.headers["x-request-id"] for a in answers]
    assert len(set(rids)) == 6 and all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in rids)  # nginx's, each its own
    logs = [stack.folder / "web-a.access.log", stack.folder / "web-b.access.log"]
    assert wait_until(lambda: all(any(f"rid={rid}" in ln for log in logs for ln in log.read_text().splitlines()) for rid in rids), timeout=5)
    revalidated = site.get("/calendar.ics", headers={"If-None-Match": answers[-1].headers["etag"]})
    assert revalidated.status == 304


def test_a_body_over_the_cap_is_refused_by_the_proxy(stack):
    answer = browser(stack).request("POST", "/accounts/login/", body=b"x" * (2 * 1024 * 1024),
                                    headers={"Content-Type": "application/octet-stream"})
    assert answer.status == 413


# -- a member's evening, over HTTPS with CSRF ------------------------------------------------------------
def test_sign_up_verify_rsvp_and_propose(stack):
    site = browser(stack)
    site.get("/accounts/signup/")
    answer = site.post("/accounts/signup/", {"email": "newcomer@example.net", "display_name": "Newcomer",
                                             "password1": "a-long-pass-phrase-77", "password2": "a-long-pass-phrase-77"})
    assert answer.status == 200, answer.text[:500]
    [message] = wait_until(lambda: mails_to(stack.sink, "newcomer@example.net"), timeout=20)
    link = re.search(rf"{re.escape(SITE_URL)}/accounts/confirm-email/[^\s]+/", message.get_content())
    assert link, message.get_content()  # the link starts with SITE_URL
    site.get(link.group(0))
    confirmed = site.post(link.group(0), {})
    assert confirmed.status == 200
    site.get("/accounts/login/")
    signed_in = site.post("/accounts/login/", {"login": "newcomer@example.net", "password": "a-long-pass-phrase-77"})
    assert signed_in.status == 200 and "newcomer@example.net" in signed_in.text
    assert "private" in signed_in.headers["cache-control"] and "no-store" in signed_in.headers["cache-control"]

    site.get("/meetups/djangonauts-night/")
    rsvp = site.post("/meetups/djangonauts-night/rsvp/", {})
    assert rsvp.status == 200 and "Cancel my RSVP" in site.get("/meetups/djangonauts-night/").text

    page = site.get("/talks/propose/")
    assert page.status == 200
    proposed = site.post("/talks/propose/", {"title": "Deploying Django on one small box", "abstract": "nginx, gunicorn, PostgreSQL.",
                                             "format": "talk", "level": "beginner", "notes": ""})
    assert proposed.status == 200 and "Deploying Django on one small box" in proposed.text


def test_the_first_organiser_is_appointed_and_signs_in_to_the_admin_through_allauth(stack):
    stack.manage("appoint_organiser", "newcomer@example.net")
    site = browser(stack)
    login = site.get("/admin/")  # -> /admin/login/ -> allauth's login, with next=/admin/
    assert login.status == 200 and 'name="login"' in login.text and 'name="username"' not in login.text
    site.post("/accounts/login/?next=/admin/", {"login": "newcomer@example.net", "password": "a-long-pass-phrase-77"}, follow=False)
    admin = site.get("/admin/")
    assert admin.status == 200 and "Site administration" in admin.text
    assert "no-store" in admin.headers["cache-control"]


# -- throttling shared by every worker -------------------------------------------------------------------------
WRONG = "password you specified are not correct"
THROTTLED = "Too many failed login attempts"


def test_fifty_wrong_passwords_over_two_instances_are_checked_at_most_five_times(stack):
    def attempt(i: int):
        site = browser(stack)
        site.get("/accounts/login/?next=/admin/")
        # A client's own X-Forwarded-For changes nothing: nginx replaces it (TEST-NET addresses).
        return site.post("/accounts/login/?next=/admin/", {"login": "organiser@example.com", "password": f"guess-{i}"},
                         headers={"X-Forwarded-For": f"203.0.113.{i}"})

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(attempt, range(50)))
    checked = sum(WRONG in a.text for a in answers)
    # allauth's own limits: the form's "too many failed attempts", or 429 for too many sign-ins from one address.
    throttled = sum(THROTTLED in a.text or a.status == 429 for a in answers)
    assert checked <= 5 and checked + throttled == 50, (checked, throttled)
    pids = {m.group(1) for log in ("web-a", "web-b")
            for m in re.finditer(r'"POST /accounts/login/\S* HTTP/1\.[01]" \d+ .* pid=<(\d+)>', (stack.folder / f"{log}.access.log").read_text())}
    assert len(pids) >= 2, "the attempts were spread over several gunicorn workers"
    # The right password is refused too until the window passes; the admin has no form of its own.
    site = browser(stack)
    site.get("/accounts/login/")
    right = site.post("/accounts/login/", {"login": "organiser@example.com", "password": STAFF_PASSWORD}, follow=False)
    assert right.status == 429 or THROTTLED in right.text, right.status
    assert "sessionid" not in site.cookies
    assert site.post("/admin/login/", {"username": "organiser@example.com", "password": "x"}, follow=False).status == 302
    record(wrong_passwords_checked=f"{checked} of 50 (limit 5), {len(pids)} gunicorn workers")


# -- throughput and slow clients -----------------------------------------------------------------------------
def test_requests_per_second_through_the_proxy(stack):
    stop = time.monotonic() + 5
    counts, errors = [], []

    def client():
        site, n = browser(stack), 0
        while time.monotonic() < stop:
            answer = site.get("/meetups/")
            n += answer.status == 200
            if answer.status != 200:
                errors.append(answer.status)
        counts.append(n)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    rate = sum(counts) / 5
    record(requests_per_second=round(rate, 1), requests_per_second_page="/meetups/ (anonymous), 4 clients, new TLS connection each")
    assert rate > 5


def test_twenty_slowloris_connections_do_not_slow_a_normal_client(stack):
    context = ssl.create_default_context(cafile=str(stack.cert))
    slow, done = [], threading.Event()

    def loris():
        with socket.create_connection(("127.0.0.1", HTTPS), timeout=30) as raw:
            tls = context.wrap_socket(raw, server_hostname="localhost")
            tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            slow.append(tls)
            while not done.is_set():
                try:
                    tls.sendall(b"X-a: b\r\n")  # never finishes its headers
                except OSError:
                    return  # nginx gave up on it (client_header_timeout)
                done.wait(2)

    attackers = [threading.Thread(target=loris) for _ in range(20)]
    for thread in attackers:
        thread.start()
    wait_until(lambda: len(slow) == 20, timeout=10)
    site, times = browser(stack), []
    end = time.monotonic() + 10
    while time.monotonic() < end:
        answer = site.get("/meetups/")
        assert answer.status == 200
        times.append(answer.seconds)
    done.set()
    for thread in attackers:
        thread.join(10)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    record(slowloris=f"20 slow connections for 10 s: {len(times)} normal requests, median {statistics.median(times) * 1000:.0f} ms, "
                     f"p99 {p99 * 1000:.0f} ms")
    assert len(slow) == 20
    assert p99 < 1.0


# -- scale-out: two instances, two workers, one PostgreSQL -------------------------------------------------------
MAKE_MEMBERS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from membership.join.command import sign_up
keys = []
for i in range({n}):
    user = sign_up(email=f"crowd{{i}}@example.net", password=None, display_name=f"Crowd {{i}}", verified=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(json.dumps(keys))
"""

FACTS = """
import json
from eventstore.store import event_store
from meetups import events as e
from meetups.meetup import Meetup
from meetups.read_models import MeetupListing
from meetups.streams import meetup_stream
history = event_store().load(meetup_stream("{slug}"))
meetup = Meetup.fold(history)
listing = MeetupListing.objects.get(slug="{slug}")
from django.contrib.auth import get_user_model
from membership.read_models import member_stream
by_member = {{str(member_stream(u.pk)): u.email for u in get_user_model().objects.all()}}
print(json.dumps({{
    "going": len(meetup.going), "waitlist": len(meetup.waitlist), "capacity": meetup.capacity,
    "listing": [listing.going_count, listing.waitlist_count],
    "promoted": [by_member[str(ev.member_id)] for ev in history if isinstance(ev, e.WaitlistPromoted)],
}}))
"""

DUMP_PROJECTIONS = """
import json
from eventstore import consumers
from eventstore.projections import Projection
out = {}
for projection in consumers.registered(Projection):
    for model in projection.models:
        rows = [{k: str(v) for k, v in row.items() if k != "id"} for row in model.objects.values()]
        out[model._meta.label] = sorted(json.dumps(r, sort_keys=True) for r in rows)
print(json.dumps(out, sort_keys=True))
"""


def test_scale_out_200_rsvps_with_cancellations_for_50_seats(stack):
    keys = json.loads(stack.shell(MAKE_MEMBERS.format(n=200)).strip().splitlines()[-1])
    bases = [f"http://127.0.0.1:{WEB_A}", f"http://127.0.0.1:{WEB_B}"]

    def as_member(i: int) -> Browser:
        # Straight to each instance in turn (and through nginx for every third), as a
        # load balancer in front of two hosts would.
        site = Browser(SITE_URL if i % 3 == 0 else bases[i % 2], stack.cert)
        site.cookies["sessionid"] = keys[i]
        return site

    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}

    def rsvp(i: int) -> int:
        site = as_member(i)
        site.get(f"/meetups/{SCALE_SLUG}/", headers=forwarded)
        return site.post(f"/meetups/{SCALE_SLUG}/rsvp/", {}, follow=False,
                         headers=forwarded | {"Origin": SITE_URL, "Referer": f"{SITE_URL}/meetups/{SCALE_SLUG}/"}).status

    def cancel(i: int) -> int:
        site = as_member(i)
        site.get(f"/meetups/{SCALE_SLUG}/", headers=forwarded)
        return site.post(f"/meetups/{SCALE_SLUG}/rsvp/cancel/", {}, follow=False,
                         headers=forwarded | {"Origin": SITE_URL, "Referer": f"{SITE_URL}/meetups/{SCALE_SLUG}/"}).status

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(rsvp, range(200)))
        # Cancellations while the last RSVPs still arrive: 30 of the first 60 (seats) and 20 waitlisted.
        cancels = list(pool.map(cancel, [*range(0, 60, 2), *range(100, 120)]))
    assert set(statuses) <= {200, 302} and set(cancels) <= {200, 302}, (statuses, cancels)
    assert wait_until(lambda: caught_up(stack), timeout=90), browser(stack).get("/healthz").text

    facts = json.loads(stack.shell(FACTS.format(slug=SCALE_SLUG)).strip().splitlines()[-1])
    assert facts["capacity"] == SCALE_SEATS
    assert facts["going"] == SCALE_SEATS, facts  # full, never over
    assert facts["going"] + facts["waitlist"] == 200 - 50
    assert facts["listing"] == [facts["going"], facts["waitlist"]]
    promoted = facts["promoted"]
    assert len(promoted) >= 30
    subject = "You have a seat at Packaging Python in 2027"
    for address in promoted:
        assert [m["Subject"] for m in mails_to(stack.sink, address)].count(subject) == promoted.count(address) == 1, address

    before = stack.shell(DUMP_PROJECTIONS)
    stack.manage("rebuild_projections")
    assert stack.shell(DUMP_PROJECTIONS) == before  # the projections equal a rebuild of them
    record(scale_out=f"200 RSVPs + 50 cancellations over 2 instances x 2 gunicorn workers + 2 workers: "
                     f"{facts['going']} of {SCALE_SEATS} seats, {len(promoted)} promotions, each mailed once")


def test_the_workers_stop_on_sigterm_after_the_page_in_hand(stack):
    workers = [p for p in stack.processes if "run_worker" in p.args]
    for process in workers:
        assert Site.stop(process) == 0
    for name in ("worker-1", "worker-2"):
        assert "Stopped by signal after finishing the page in hand." in (stack.folder / f"{name}.log").read_text()
    stack.processes = [p for p in stack.processes if p not in workers]
    stack.worker("worker-3")


# -- backup and restore ------------------------------------------------------------------------------------
PAGES = ["/", "/meetups/", f"/meetups/{SCALE_SLUG}/", "/meetups/djangonauts-night/", "/schedule.json", "/archive/", "/calendar.ics"]


def snapshot(stack) -> dict[str, str]:
    site = browser(stack)
    pages = {}
    for path in PAGES:
        answer = site.get(path)
        assert answer.status == 200, (path, answer.status)
        # A new visitor gets new CSRF tokens (in forms and in htmx's headers) and every page a
        # new CSP nonce; nothing else may differ.
        pages[path] = re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+', r"\1", answer.text)
        pages[path] = re.sub(r"DTSTAMP:\S+", "DTSTAMP:", pages[path])
    return pages


def test_backup_drop_restore_rebuild_gives_the_same_pages(stack):
    assert wait_until(lambda: caught_up(stack), timeout=60)
    before = snapshot(stack)
    dump = stack.folder / "convene.dump"
    stack.pg.tool("pg_dump", "--format=custom", f"--file={dump}", "convene")
    stack.pg.tool("dropdb", "--force", "convene")
    assert browser(stack).get("/healthz").status == 503
    stack.pg.tool("createdb", "convene")
    stack.pg.tool("pg_restore", "--no-owner", "--dbname=convene", str(dump))
    stack.manage("rebuild_projections")
    assert wait_until(lambda: browser(stack).get("/healthz").status == 200, timeout=30)
    after = snapshot(stack)
    changed = {path: "\n".join(difflib.unified_diff(before[path].splitlines(), after[path].splitlines(), lineterm="", n=1))
               for path in PAGES if after[path] != before[path]}
    assert not changed, changed


# -- the database stops and comes back --------------------------------------------------------------------------
def test_database_down_is_a_clear_503_and_the_site_recovers_without_a_restart(stack):
    web = [p for p in stack.processes if "gunicorn" in str(p.args[0])]
    stack.pg.stop()
    try:
        site = browser(stack)
        health = site.get("/healthz")
        assert health.status == 503 and health.json()["database"] is False
        # A public page a worker keeps in memory is served, unchanged, until its next check
        # against the database (web/prepared.py): at most PREPARED_PAGES_MEMORY_SECONDS (2 s).
        time.sleep(2.5)
        for path in ("/", "/meetups/", "/meetups/djangonauts-night/", "/schedule.json"):
            page = site.get(path)
            assert page.status == 503, (path, page.status)
            assert "database is not answering" in page.text and "Traceback" not in page.text
    finally:
        stack.pg.start()
    assert wait_until(lambda: browser(stack).get("/healthz").status == 200, timeout=30)
    assert browser(stack).get("/meetups/").status == 200
    assert all(p.poll() is None for p in web), "gunicorn was not restarted"
    wait_for_port(WEB_A)
