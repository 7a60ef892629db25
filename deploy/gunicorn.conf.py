"""gunicorn for Convene: `gunicorn -c deploy/gunicorn.conf.py community.wsgi`.

Sync workers: threaded (gthread) workers gained nothing over them on 2 cores.
Connections are kept between requests (CONN_MAX_AGE) because opening a PostgreSQL
connection costs more CPU than most pages do
(docs/decisions/0010-web-workers-and-connections.md)."""

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
