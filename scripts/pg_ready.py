"""Exit 0 when the PostgreSQL at the given URL answers, 1 otherwise (with the reason)."""

import sys

import dj_database_url
import psycopg

url = sys.argv[1]
db = dj_database_url.parse(url)
try:
    psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        connect_timeout=3,
    ).close()
except psycopg.Error as error:
    print(f"PostgreSQL at {url} does not answer: {str(error).strip()}", file=sys.stderr)
    sys.exit(1)
