# The two commands a newcomer needs:
#   make run    the site on SQLite with demo data at http://127.0.0.1:8000
#   make test   the whole test suite (SQLite, plus PostgreSQL when one answers; CI=true requires it)
.PHONY: run test test-fast bench venv

run:
	@scripts/run

test:
	@scripts/test

# The edit-test loop: no browser, no slow tests, the test database kept between runs.
test-fast:
	@scripts/test-fast

bench:
	@scripts/venv requirements-test.txt && .venv/bin/python bench/run_all.py

venv:
	@scripts/venv requirements-test.txt
