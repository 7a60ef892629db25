"""Exit 0 when the PostgreSQL at the given URL answers, 1 otherwise (with the reason)."""

import sys

import dj_database_url
import psycopg

url = sys.argv[1]
db = dj_database_url.parse(url)
# The tests run in a database of their own (test_<name>), which Django creates from the
# maintenance database: the named one need not exist.
for dbname in (db["NAME"], "postgres"):
    try:
        psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            dbname=dbname,
            connect_timeout=3,
        ).close()
        sys.exit(0)
    except psycopg.Error as error:
        reason = str(error).strip()
print(f"PostgreSQL at {url} does not answer: {reason}", file=sys.stderr)
sys.exit(1)
