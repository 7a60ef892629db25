"""CACHE_URL=redis://...: Django's RedisCache, shared by separate processes (as by two
gunicorn instances), so allauth's rate-limit counts add up across them. A redis-server of
the test's own on 127.0.0.1; skips locally without redis-server (CI installs it)."""

import shutil
import subprocess

import pytest
from django.db import connection

from tests.deploy.stack import Site, need, production_env, wait_for_port

pytestmark = pytest.mark.slow
PORT = 8160
COUNT = """
from django.core.cache import caches
cache = caches["default"]
cache.add("shared-counter", 0)
print(cache.incr("shared-counter"), type(cache).__name__)
"""


def test_two_processes_share_one_redis_cache(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs once, in the SQLite run of `make test`")
    server = shutil.which("redis-server")
    need(server is not None, "redis-server is missing: apt-get install redis-server")
    redis = subprocess.Popen([server, "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(PORT, process=redis)
        env = production_env(tmp_path, database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", site_url="https://localhost",
                             smtp_port=1, cache_url=f"redis://127.0.0.1:{PORT}/0")
        site = Site(tmp_path, env)
        answers = [site.shell(COUNT).strip().splitlines()[-1].split() for _ in range(2)]
        assert answers == [["1", "RedisCache"], ["2", "RedisCache"]]
    finally:
        redis.terminate()
        redis.wait(10)
