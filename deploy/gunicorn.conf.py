"""gunicorn for Convene: `gunicorn -c deploy/gunicorn.conf.py community.wsgi`.

Sync workers: threaded (gthread) workers gained nothing over them on 2 cores. Each sync
worker serves one request at a time, so slow clients must never reach gunicorn directly:
nginx (deploy/nginx/convene.conf) buffers whole requests and responses in front of it.
Connections are kept between requests (CONN_MAX_AGE) because opening a PostgreSQL
connection costs more CPU than most pages do
(docs/decisions/0010-web-workers-and-connections.md).

Environment: BIND (127.0.0.1:8000), WEB_CONCURRENCY (workers; default 2 x CPUs + 1),
GUNICORN_TIMEOUT (30 s), ACCESS_LOG / ERROR_LOG ("-": stdout/stderr, i.e. the journal).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request taking longer than this is a bug or a dead database: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# Request size limits (nginx caps bodies first; these guard a gunicorn reached directly).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = os.environ.get("ERROR_LOG", "-")
# One line per request: client (as nginx saw it), request line, status, bytes, duration in
# milliseconds, the request id (the response's X-Request-ID, set by
# community.middleware.RequestIdMiddleware from nginx's id): the same id is recorded on the
# events the request caused; then the worker's pid and the user agent.
access_log_format = (
    '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s pid=%(p)s "%(a)s"'
)
# The proxy's X-Forwarded-* are believed only from it (Django reads them through
# TRUSTED_PROXY_COUNT and SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["DJANGO_SETTINGS_MODULE=community.settings"]
