"""Fuzzing every page of the site (issue 13): Hypothesis-made input to every URL pattern's
path, query and form parameters (unicode with non-BMP and right-to-left text, control
characters with NUL, lone surrogates and bytes that are not UTF-8, unicode digits, huge
values, missing, repeated and wrongly typed fields, bogus ids and slugs), as anonymous, a
member and an organiser. No answer is a 500 (or the 503 of a database error), and an
answer that refuses (a 4xx, a form shown again with errors, a warning) leaves the event log
as it was.

The table ENDPOINTS names every URL pattern of the resolver with the parameters its view
reads; test_every_url_pattern_is_fuzzed fails when a pattern is added without it, and
test_every_parameter_a_view_reads_is_fuzzed when a view reads a parameter the table does
not list. Examples per endpoint and role: the Hypothesis profile (`fuzz-quick` by default, `fuzz-full` for the slow-marked run; HYPOTHESIS_PROFILE picks
the default test's). Profiles: conftest.py.
"""

from __future__ import annotations

import inspect
import json
import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import constants as message_levels
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from eventstore.store import event_store
from tests.fuzz_world import make_world

ROLES = ("anonymous", "member", "organiser")


@dataclass(frozen=True)
class Endpoint:
    methods: tuple[str, ...] = ("GET",)
    params: tuple[str, ...] = ()
    # Form classes whose fields are parameters too ("module:Class"), found at test time.
    forms: tuple[str, ...] = ()
    # Values worth trying beside the random ones (choices, ids: filled from the world).
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)


GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
PAGE = ("page",)
ROSTER = ("q", "order")
ALLAUTH = "allauth.account.forms:"

# Every URL pattern of the site (by name; admin patterns as "admin:<name>") and what its
# view reads.
ENDPOINTS: dict[str, Endpoint] = {
    "home": Endpoint(),
    "about": Endpoint(),
    "favicon": Endpoint(),
    "healthz": Endpoint(),
    "edit-group": Endpoint(BOTH, forms=("community.group.forms:GroupForm",)),
    "meetup-detail": Endpoint(),
    "my-profile": Endpoint(),
    "audit": Endpoint(GET, PAGE, forms=("community.audit.view:AuditFilter",)),
    "my-data-export": Endpoint(BOTH),
    "meetup-list": Endpoint(GET, PAGE),
    "calendar-ics": Endpoint(),
    "meetup-ics": Endpoint(),
    "mail-preferences": Endpoint(BOTH, ("reset_calendar",), forms=("meetups.preferences.view:PreferencesForm",)),
    "mail-unsubscribe": Endpoint(BOTH),
    "personal-calendar": Endpoint(),
    "meetup-rsvp": Endpoint(BOTH, ("off_going_list",), hints={"off_going_list": ("yes",)}),
    "meetup-rsvp-cancel": Endpoint(BOTH),
    "meetup-seats": Endpoint(GET, ("seen",)),
    "meetup-history": Endpoint(GET, (*PAGE, "as_of")),
    "meetup-undo": Endpoint(BOTH, ("version",)),
    "meetup-going-list": Endpoint(BOTH, ("shown",), hints={"shown": ("yes", "no")}),
    "meetup-roster": Endpoint(GET, ("as_of", *ROSTER)),
    "meetup-roster-csv": Endpoint(),
    "meetup-check-in": Endpoint(BOTH, ("attended", "member_id", *ROSTER), hints={"attended": ("yes", "no")}),
    "meetup-promote": Endpoint(BOTH, ("member_id", "reason", *ROSTER)),
    "meetup-rsvp-remove": Endpoint(BOTH, ("member_id", "reason", *ROSTER)),
    "edit-my-profile": Endpoint(BOTH, forms=("membership.profile.forms:ProfileForm",)),
    "member-history": Endpoint(GET, PAGE),
    "profile-visibility": Endpoint(BOTH, ("show",), hints={"show": ("yes", "no", "1", "0")}),
    "delete-me": Endpoint(BOTH, forms=("membership.erasure.view:ConfirmErasure",)),
    "member-profile": Endpoint(),
    "talk-propose": Endpoint(BOTH, forms=("talks.propose.forms:ProposalForm",)),
    "my-talks": Endpoint(),
    "talk-detail": Endpoint(),
    "talk-edit": Endpoint(BOTH, forms=("talks.propose.forms:ProposalForm",)),
    "talk-withdraw": Endpoint(BOTH, forms=("talks.withdraw.forms:WithdrawForm",)),
    "talk-invite": Endpoint(BOTH, forms=("talks.cospeakers.forms:InviteForm",), hints={"email": ("bob@example.com",)}),
    "talk-invitation": Endpoint(BOTH, ("answer",), hints={"answer": ("accept", "decline")}),
    "talk-confirm": Endpoint(BOTH),
    "speaker-detail": Endpoint(),
    "talks-review": Endpoint(GET, ("status", "order", "when", "q", *PAGE)),
    "talks-review-cfp": Endpoint(BOTH, ("state",), hints={"state": ("open", "closed")}),
    "talks-review-detail": Endpoint(GET, ("meetup",)),
    "talks-review-history": Endpoint(GET, (*PAGE, "as_of")),
    "talks-review-undo": Endpoint(BOTH, ("version",)),
    "talks-review-score": Endpoint(BOTH, ("score", "comment"), hints={"score": ("1", "2", "3", "4", "5")}),
    "talks-review-decide": Endpoint(BOTH, ("decision", "message"), hints={"decision": ("accept", "decline", "keep")}),
    "talks-review-schedule": Endpoint(BOTH, ("meetup", "starts_at", "minutes"), hints={"minutes": ("30", "١٢٣")}),
    "talks-review-unschedule": Endpoint(BOTH),
    "schedule": Endpoint(GET, ("as_of",)),
    "schedule-json": Endpoint(),
    "schedule-feed": Endpoint(),
    "frab-xml": Endpoint(),
    "frab-json": Endpoint(),
    "frab-meetup-xml": Endpoint(),
    "frab-meetup-json": Endpoint(),
    "archive": Endpoint(GET, ("q", "year", "tag", "level", "kind", *PAGE), hints={"year": ("2026", "٢٠٢٦")}),
    "resource-attach": Endpoint(BOTH, ("title", "url", "kind"), hints={"kind": ("slides", "video", "code")}),
    "resource-change": Endpoint(BOTH, ("title", "url", "kind"), hints={"kind": ("slides", "video", "code")}),
    "resource-remove": Endpoint(BOTH),
    "talk-tags": Endpoint(BOTH, ("tags",)),
    # allauth's account pages (our signup and login forms, allauth's others)
    "account_login": Endpoint(BOTH, ("next",), forms=("membership.join.forms:LoginForm",)),
    "account_logout": Endpoint(BOTH, ("next",)),
    "account_inactive": Endpoint(),
    "account_signup": Endpoint(BOTH, ("next",), forms=("membership.join.forms:SignupForm",)),
    "account_reauthenticate": Endpoint(BOTH, ("next",), forms=(ALLAUTH + "ReauthenticateForm",)),
    "account_email": Endpoint(
        BOTH, ("action_add", "action_send", "action_remove", "action_primary"), forms=(ALLAUTH + "AddEmailForm",)
    ),
    "account_email_verification_sent": Endpoint(),
    "account_change_password": Endpoint(BOTH, forms=(ALLAUTH + "ChangePasswordForm",)),
    "account_set_password": Endpoint(BOTH, forms=(ALLAUTH + "SetPasswordForm",)),
    "account_reset_password": Endpoint(BOTH, forms=(ALLAUTH + "ResetPasswordForm",)),
    "account_confirm_login_code": Endpoint(BOTH, ("code",)),
    "account_confirm_email": Endpoint(BOTH),
    "account_reset_password_from_key_done": Endpoint(),
    "account_reset_password_from_key": Endpoint(BOTH, forms=(ALLAUTH + "ResetPasswordKeyForm",)),
    "account_reset_password_done": Endpoint(),
    "admin-login": Endpoint(GET, ("next",)),
}

# The admin of our own models (changelists with their search, order, filters, actions and
# list editing; add and change forms with the admin's form fields, found at test time).
CHANGELIST = ("q", "o", "p", "e", "all", "action", "_selected_action", "select_across", "index",
              "form-TOTAL_FORMS", "form-INITIAL_FORMS", "form-0-id", "form-0-capacity", "_save")
ADMIN_MODELS = ("community_meetuplisting", "community_serieslisting", "talks_talkproposal", "membership_member",
                "eventstore_outboxmessage", "auth_user")
for _model in ADMIN_MODELS:
    ENDPOINTS[f"admin:{_model}_changelist"] = Endpoint(BOTH, CHANGELIST)
    ENDPOINTS[f"admin:{_model}_add"] = Endpoint(BOTH, ("_save", "_continue", "_addanother"), forms=(f"admin:{_model}",))
    ENDPOINTS[f"admin:{_model}_change"] = Endpoint(
        BOTH, ("_save", "_continue", "_addanother"), forms=(f"admin:{_model}",)
    )
    ENDPOINTS[f"admin:{_model}_history"] = Endpoint(GET, ("p",))
    ENDPOINTS[f"admin:{_model}_delete"] = Endpoint(BOTH, ("post",))
ENDPOINTS["admin:index"] = Endpoint()
ENDPOINTS["admin:app_list"] = Endpoint()
ENDPOINTS["admin:auth_user_password_change"] = Endpoint(BOTH, ("password1", "password2", "usable_password"))

# Patterns left to Django's and allauth's own tests: the admin's generic pages for models
# that are not ours, its login/logout/password/js pages (our admin login is "admin-login").
NOT_FUZZED = {
    "admin:login", "admin:logout", "admin:password_change", "admin:password_change_done", "admin:autocomplete",
    "admin:jsi18n", "admin:view_on_site",
    *(f"admin:{m}_{page}" for m in ("auth_group", "account_emailaddress")
      for page in ("changelist", "add", "history", "delete", "change")),
}


def resolver_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_pattern_is_fuzzed():
    assert resolver_names() - set(ENDPOINTS) - NOT_FUZZED == set()
    assert set(ENDPOINTS) - resolver_names() == set()


READS = re.compile(r"""request\.(?:GET|POST)\.get\(\s*["'](\w+)["']|["'](\w+)["']\s+in\s+request\.(?:GET|POST)""")


def _patterns():
    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name, p.callback)

    yield from walk(get_resolver().url_patterns, None)


def test_every_parameter_a_view_reads_is_fuzzed():
    """The parameters named in each of our views' source (request.GET/POST.get("x") and
    "x" in request.POST) are in its table entry (directly or through its forms)."""
    missing = {}
    for name, callback in _patterns():
        if name not in ENDPOINTS:
            continue
        view = inspect.unwrap(callback)
        view = view if inspect.isfunction(view) else type(view)
        module = inspect.getmodule(view)
        if module is None or not module.__name__.startswith(("community", "membership", "meetups", "talks", "web")):
            continue
        read = {a or b for a, b in READS.findall(inspect.getsource(view))}
        unlisted = read - set(ENDPOINTS[name].params) - set(form_fields(ENDPOINTS[name]))
        if unlisted:
            missing[name] = unlisted
    assert missing == {}


def _import(path: str):
    module, _, attr = path.partition(":")
    return getattr(__import__(module, fromlist=[attr]), attr)


def _admin_form_fields(model_key: str) -> list[str]:
    from membership.testing import make_member  # noqa: F401 - the admin needs a user only for its form

    for model, model_admin in admin.site._registry.items():
        if f"{model._meta.app_label}_{model._meta.model_name}" == model_key:
            request = RequestFactory().get("/")
            request.user = _Superuser()
            form = model_admin.get_form(request, None)
            return list(form.base_fields)
    raise LookupError(model_key)


class _Superuser:
    is_active = is_staff = is_superuser = is_authenticated = True
    pk = id = 0

    def has_perm(self, *args):
        return True


def form_fields(endpoint: Endpoint) -> list[str]:
    fields: list[str] = []
    for path in endpoint.forms:
        if path.startswith("admin:"):
            fields += _admin_form_fields(path.removeprefix("admin:"))
            continue
        form_class = _import(path)
        try:  # fields added in __init__ (one per mail kind) are the form's too
            fields += list(form_class().fields)
        except Exception:  # noqa: BLE001 - a form that needs arguments or the database: its declared fields
            fields += list(form_class.base_fields)
    return fields


# -- values --------------------------------------------------------------------------------
MAX_BODY = settings.REQUEST_BODY_MAX_BYTES
NASTY = (
    "", " ", "\x00", "a\x00b", "\t", "\r\n", "\x1b[31m", "\x7f", "\u0085", "\u2028", "\u202eevil\u202c", "\u200f",
    "مرحبا بالعالم", "שלום", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "😀" * 40, "\U0010ffff", "\ufeff", "\u200b", "Z\u0351\u0362\u0322",
    "١٢٣", "٣", "²", "۱۲", "१२३", "0", "-1", "1e9", "999999999999999999999999", "NaN", "inf", "1.5", "0x10",
    "true", "null", "[]", "{}", '{"a": 1}', "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%", "../../etc/passwd",
    "not-a-uuid", "00000000-0000-0000-0000-000000000000", "2026-13-45", "2026-12-08T19:00", "2026-12-08",
    "9999-12-31T23:59", "0001-01-01", "-0001-01-01", "a" * 5000, "x" * 70_000, "javascript:alert(1)", "http://",
    "mailto:a@b", "a@b", "@", "Ann <ann@example.com>", "ann@example.com\r\nBcc: x@y", "december", "DECEMBER",
)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
# Bytes as the client sends them, percent-encoded: UTF-8 of any text, a lone surrogate
# (WTF-8), bytes that are no UTF-8 at all.
RAW = st.one_of(
    TEXT.map(lambda t: t.encode()),
    st.sampled_from(NASTY).map(lambda t: t.encode()),
    st.sampled_from(["\ud800", "\udfff", "a\udc80b"]).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=60),
)


def values_for(name: str, endpoint: Endpoint, hints: dict[str, list[str]]) -> st.SearchStrategy[bytes]:
    known = [*endpoint.hints.get(name, ()), *hints.get(name, ()), *hints["*"]]
    return st.one_of(RAW, st.sampled_from(known).map(str.encode), st.integers().map(lambda i: str(i).encode()))


@st.composite
def requests(draw, endpoint: Endpoint, path_options: list[str], hints: dict[str, list[str]]):
    """(method, path, query string, body, content type, headers)."""
    params = list(dict.fromkeys([*endpoint.params, *form_fields(endpoint), "csrfmiddlewaretoken"]))
    # A parameter no view reads, and one with a name that is not text.
    params += ["unexpected", "\x00\u202e"]
    method = draw(st.sampled_from([*endpoint.methods, "PUT", "DELETE"] if draw(st.integers(0, 9)) == 0 else endpoint.methods))
    pairs: list[tuple[bytes, bytes]] = []
    for name in params:
        # Missing (often), once, or repeated with different values.
        repeats = draw(st.sampled_from([0, 1, 1, 1, 2, 3]))
        for _ in range(repeats):
            pairs.append((name.encode("utf-8", "surrogatepass"), draw(values_for(name, endpoint, hints))))
    encoded = "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs)
    headers = {}
    if draw(st.booleans()):
        headers["HX-Request"] = "true"
    path = draw(st.sampled_from(path_options))
    if method == "GET":
        return method, path, encoded, b"", None, headers
    kind = draw(st.sampled_from(["form", "form", "form", "json", "multipart", "text", "none"]))
    if kind == "form":
        return method, path, draw(st.sampled_from(["", encoded])), encoded.encode(), "application/x-www-form-urlencoded", headers
    if kind == "json":
        body = json.dumps({k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in pairs}).encode()
        return method, path, "", body, "application/json", headers
    if kind == "multipart":
        boundary = "fuzzboundary"
        parts = b"".join(
            b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="' + k + b'"\r\n\r\n' + v + b"\r\n"
            for k, v in pairs
        )
        if draw(st.booleans()):  # a file where text is expected
            parts += (b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="title"; filename="x.py"\r\n'
                      b"Content-Type: text/x-python\r\n\r\nprint(1)\r\n")
        body = parts + b"--" + boundary.encode() + b"--\r\n"
        return method, path, "", body, f"multipart/form-data; boundary={boundary}", headers
    if kind == "text":
        return method, path, "", encoded.encode(), "text/plain", headers
    return method, path, "", b"", None, headers


# -- paths ---------------------------------------------------------------------------------
BOGUS_SLUGS = ["nope", "a" * 300, "-", "_", "0", "DECEMBER", "d\u00e9cembre"]
BOGUS_TOKENS = ["x", "a:b:c", "a" * 2000, "%00", "..", "\u202e", "😀", "Ij0i:1:2"]


def paths_for(name: str, world) -> list[str]:
    """The endpoint's path with real and bogus values for each of its arguments."""
    pattern = next(p for n, p in _pattern_objects() if n == name)
    converters = getattr(pattern.pattern, "converters", {})
    regex = pattern.pattern.regex.pattern if not converters else ""
    args = list(converters) or re.findall(r"\(\?P<(\w+)>", regex)
    if not args:
        return [reverse(name)]
    options: dict[str, list[str]] = {}
    for arg in args:
        converter = type(converters.get(arg)).__name__ if arg in converters else "str"
        if converter == "UUIDConverter":
            options[arg] = [str(u) for u in world.uuids()] + ["6f1d8d2e-0000-4000-8000-000000000000"]
        elif converter == "SlugConverter":
            options[arg] = [world.slug, world.past_slug, *BOGUS_SLUGS]
        elif arg == "object_id":
            options[arg] = _admin_object_ids(name, world) + ["0", "-1", "abc", "9" * 30, "%00", "\u202e"]
        elif arg == "id":
            options[arg] = [str(world.member.pk), "0", "abc", "9" * 30]
        elif arg == "app_label":
            options[arg] = ["community", "talks", "membership", "auth"]
        else:
            options[arg] = [*world.tokens, *BOGUS_TOKENS]
    paths = []
    for arg in args:  # each argument's options, the others at their first (real) value
        for value in options[arg]:
            kwargs = {a: options[a][0] for a in args} | {arg: value}
            try:
                paths.append(reverse(name, kwargs=kwargs))
            except NoReverseMatch:  # a value the pattern does not take: no such path
                continue
    return list(dict.fromkeys(paths))


def _pattern_objects():
    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name, p)

    yield from walk(get_resolver().url_patterns, None)


def _admin_object_ids(name: str, world) -> list[str]:
    if "meetuplisting" in name:
        from meetups.listing.projection import MeetupListing  # only the admin paths need the rows

        return [str(pk) for pk in MeetupListing.objects.values_list("pk", flat=True)[:2]]
    if "talkproposal" in name:
        return [str(world.proposal_id)]
    if "member" in name:
        return [str(world.member.member_id)]
    if "auth_user" in name:
        return [str(world.member.pk)]
    if "serieslisting" in name:
        from meetups.series.projection import SeriesListing  # only the admin paths need the rows

        return [str(pk) for pk in SeriesListing.objects.values_list("pk", flat=True)[:1]] or ["1"]
    if "outboxmessage" in name:
        from eventstore.outbox import OutboxMessage  # only the admin paths need the rows

        return [str(pk) for pk in OutboxMessage.objects.values_list("pk", flat=True)[:1]] or ["1"]
    return ["1"]


# -- what a response says ------------------------------------------------------------------
def refused(response) -> bool:
    """A 4xx, a form shown again with errors, or a warning/error message."""
    if 400 <= response.status_code < 500:
        return True
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            errors = getattr(value, "errors", None)
            if hasattr(value, "is_bound") and value.is_bound and errors:
                return True
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= message_levels.WARNING for m in queued)


def failure(response) -> str:
    error = getattr(response, "exc_info", None)
    return f"{response.status_code}: {error[1]!r}" if error else str(response.status_code)


def fuzz_one(client: Client, world, role: str, request) -> None:
    method, path, query, body, content_type, headers = request
    user = world.user(role)
    if user is not None and type(user).objects.filter(pk=user.pk).exists():
        client.force_login(user)
    else:  # anonymous, or a member the fuzzing erased (a valid erasure form): signed out
        client.logout()
    before = event_store().max_notification_id()
    extra = {"QUERY_STRING": query} | {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if content_type is None:
        response = client.generic(method, path, **extra)
    else:
        response = client.generic(method, path, data=body, content_type=content_type, **extra)
    if response.status_code == 503 and path == "/healthz":
        # Its meaning, not a failure: projections the tests never run are behind.
        assert json.loads(response.content)["database"] is True
    else:
        assert response.status_code < 500, (method, path, query, body[:300], failure(response))
    if refused(response):
        assert event_store().max_notification_id() == before, ("refused but recorded", method, path, query, body[:300])


def world_hints(world) -> dict[str, list[str]]:
    ids = [str(u) for u in world.uuids()]
    return {
        "*": [*ids, world.slug, world.past_slug, "2026-12-08T19:00", "3", "yes", "on"],
        "member_id": ids,
        "meetup": [world.slug, world.past_slug],
        "preferred_meetups": [world.slug],
        "version": ["1", "2", "3", "0", "-1"],
        "as_of": ["2026-01-01", "2026-01-01T10:00", "1", "0", "9999-12-31"],
        "order": ["rsvp", "name", "newest", "oldest", "score", "-score"],
        "status": ["submitted", "accepted", "declined", "confirmed", "withdrawn"],
        "when": ["upcoming", "past", "all"],
        "level": ["beginner", "intermediate", "advanced"],
        "format": ["lightning", "short", "talk", "long", "workshop"],
    }


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the module, made in a transaction rolled back at its end; each test
    runs in a savepoint inside it (pytest-django's `db`), so what one test's fuzzing
    changed is gone for the next."""
    from django.db import transaction  # noqa: PLC0415 - beside the one fixture that opens one

    with django_db_blocker.unblock(), transaction.atomic():
        yield make_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    for user in (shared_world.member, shared_world.organiser, shared_world.other):
        user.refresh_from_db()
    return shared_world


def _fuzz(world, name: str, role: str, profile: str) -> None:
    endpoint = ENDPOINTS[name]
    client = Client(raise_request_exception=False)
    paths = paths_for(name, world)
    hints = world_hints(world)

    @hypothesis_settings(
        hypothesis_settings.get_profile(profile), deadline=None, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(requests(endpoint, paths, hints))
    def run(request):
        fuzz_one(client, world, role, request)

    run()


FUZZED = sorted(ENDPOINTS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", FUZZED)
def test_fuzzed_input_never_answers_500_and_a_refusal_records_nothing(world, name, role):
    _fuzz(world, name, role, os.environ.get("HYPOTHESIS_PROFILE", "fuzz-quick"))


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", FUZZED)
def test_fuzzed_at_length_never_answers_500_and_a_refusal_records_nothing(world, name, role):
    _fuzz(world, name, role, "fuzz-full")


HUGE = MAX_BODY - 512  # just under the cap, with room for the field name


@pytest.mark.parametrize("role", ("member", "organiser"))
@pytest.mark.parametrize("name", sorted(n for n, e in ENDPOINTS.items() if "POST" in e.methods))
def test_a_body_just_under_the_cap_is_answered_without_500_and_one_over_is_413(world, name, role):
    endpoint = ENDPOINTS[name]
    client = Client(raise_request_exception=False)
    client.force_login(world.user(role))
    path = paths_for(name, world)[0]
    fields = [*endpoint.params, *form_fields(endpoint)] or ["unexpected"]
    for value in ("a" * HUGE, "١" * (HUGE // 2 // 3), "\x00" * (HUGE // 3)):
        body = "&".join([f"{fields[0]}={quote_from_bytes(value.encode())[:HUGE]}"] + [f"{f}=x" for f in fields[1:]])
        before = event_store().max_notification_id()
        response = client.generic("POST", path, data=body.encode()[:MAX_BODY], content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (name, failure(response))
        if refused(response):
            assert event_store().max_notification_id() == before
    over = client.generic("POST", path, data=b"a=" + b"b" * MAX_BODY, content_type="application/x-www-form-urlencoded")
    assert over.status_code == 413


# -- what the fuzzing found, each kept as a regression test -----------------------------------
@pytest.mark.parametrize("path", ["/admin/community/meetuplisting/add/", "/admin/community/serieslisting/add/"])
def test_a_start_in_the_query_string_the_add_form_cannot_show_is_left_out_not_a_500(world, path):
    client = Client(raise_request_exception=False)
    client.force_login(world.organiser)
    response = client.get(path + "?rsvp_closes_at=0&starts_at=%D9%A3&title=Pizza%20night&capacity=x")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Pizza night"' in page  # what the field accepts still fills the form
