#!/usr/bin/env python3
import os
import sys


def main() -> None:
    if sys.version_info < (3, 12):
        sys.exit("Convene needs Python >= 3.12 (Django 6.1). Use `make run`, which finds one and builds .venv.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    from django.core.management import execute_from_command_line  # after the version check: Django 6.1 needs 3.12

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
