"""deploy/README.md's SQLite backup: the online backup one-liner, run while another process
keeps writing events, gives a database that restores (copied back, projections rebuilt)
to the same facts. Production settings on a SQLite file of the test's own."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from tests.deploy.stack import BASE_DIR, PYTHON, Site, production_env

pytestmark = pytest.mark.slow

BACKUP = "import sqlite3,sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))"  # as in deploy/README.md
FACTS = """
import json
from eventstore.store import event_store
from meetups.read_models import MeetupListing
from membership.read_models import Member
print(json.dumps([event_store().max_notification_id(), Member.objects.count(),
                  sorted(MeetupListing.objects.values_list("slug", "going_count", "waitlist_count"))]))
"""
WRITER = """
from membership.join.command import sign_up
for i in range(150):
    sign_up(email=f"writer{i}@example.net", password=None, display_name=f"Writer {i}", verified=True)
    if i == 9:
        print("writing", flush=True)
"""


def test_online_backup_while_writing_then_restore_and_rebuild(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs once, in the SQLite run of `make test` (it makes its own SQLite database)")
    live = tmp_path / "convene.sqlite3"
    site = Site(tmp_path, production_env(tmp_path, database_url=f"sqlite:///{live}", site_url="https://localhost", smtp_port=1)
                | {"EMAIL_URL": "console://"})
    site.manage("migrate", "--no-input")
    writer = subprocess.Popen([PYTHON, "manage.py", "shell", "-c", WRITER], cwd=BASE_DIR, env=site.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while (line := writer.stdout.readline()) and "writing" not in line:
            pass  # until the writer has committed ten members and goes on
        backup = tmp_path / "backup.sqlite3"
        subprocess.run([sys.executable, "-c", BACKUP, str(live), str(backup)], check=True, timeout=120)
    finally:
        writer.wait(300)
    assert writer.returncode == 0, writer.stderr.read()
    backed_up = Site(tmp_path, site.env | {"DATABASE_URL": f"sqlite:///{backup}"})
    facts = json.loads(backed_up.shell(FACTS).strip().splitlines()[-1])
    assert 10 <= facts[1] <= 150 and facts[0] >= facts[1]  # the writer's members so far, each with their events
    backed_up.manage("rebuild_projections")
    assert json.loads(backed_up.shell(FACTS).strip().splitlines()[-1]) == facts
