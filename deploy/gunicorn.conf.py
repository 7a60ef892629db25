"""gunicorn for Convene: `gunicorn -c deploy/gunicorn.conf.py community.wsgi`.

Sync workers: on 2 cores threads gained nothing in our measurements (see
shared ANCHORS). Database connections are kept between requests (CONN_MAX_AGE) because a
new PostgreSQL connection costs ~10 ms of CPU."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["DJANGO_SETTINGS_MODULE=community.settings"]
