"""The site skeleton: settings from the environment, the home page, CSP and htmx."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "DJANGO_ENV", "SITE_URL", "CACHE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        cwd=BASE_DIR,
        env=clean | {"DJANGO_SETTINGS_MODULE": "community.settings"} | env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = run_settings({"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert "needs SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_its_settings_and_debug_off():
    result = run_settings(
        {
            "DJANGO_ENV": "production", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "convene.example.org",
            "EMAIL_URL": "smtp://mail:25", "SITE_URL": "https://convene.example.org",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_needs_nothing_set():
    result = run_settings({"DJANGO_ENV": "development"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.django_db
def test_the_home_page_has_an_empty_state_until_meetups_are_scheduled(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No meetups are scheduled yet." in page
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script_and_htmx_comes_from_our_static_files(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    page = response.content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in page or 'src="/static/django_htmx/htmx' in page
    assert "<script>" not in page
