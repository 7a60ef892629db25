"""Habits the import contracts can't see: an import placed inside a function says why in
a short comment (on its line or the line above), as pretalx asks of its code. A module
whose functions all import late for one reason says it once: a line starting
"# Imports inside functions:" (the benchmarks: Django is set up only in their child
processes)."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["eventstore", "web", "membership", "meetups", "talks", "community", "tests", "bench"]


def imports_inside_functions_without_a_reason() -> list[str]:
    found = []
    paths = [ROOT / "manage.py", ROOT / "conftest.py", *(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))]
    for path in paths:
        if "migrations" in path.parts:
            continue
        lines = path.read_text().splitlines()
        if any(line.startswith("# Imports inside functions:") for line in lines):
            continue
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    line, above = lines[node.lineno - 1], lines[node.lineno - 2].strip()
                    if "#" not in line and not above.startswith("#"):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {line.strip()}")
    return sorted(found)


def test_every_import_inside_a_function_says_why():
    assert imports_inside_functions_without_a_reason() == []
