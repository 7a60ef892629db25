"""A custom import-linter contract (used by .importlinter): the use-case slices of an app
keep to themselves, and apps read each other only through what they publish.

- Inside an app, a module of one slice (meetups.rsvp.*) may import its app's events,
  errors, folds, read models and projections, and other slices' modules too, but never
  another slice's `closed` modules (its command, view, admin or urls). Tests are exempt:
  a test sets up its "given" with other slices' commands. App-level modules (seed,
  testing, urls, admin, management commands) compose slices and may import any.
- Across apps, a module may import only the other app's `published` modules (events,
  errors, read models, stream ids, test helpers).
- `leaves` (the events modules) import nothing of the project but `leaves_may_import`.
"""

from __future__ import annotations

from importlinter import Contract, ContractCheck, fields, output


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


class SlicesContract(Contract):
    type_name = "slices"

    apps = fields.ListField(subfield=fields.StringField())
    published = fields.ListField(subfield=fields.StringField())
    closed = fields.ListField(subfield=fields.StringField())
    leaves = fields.ListField(subfield=fields.StringField())
    leaves_may_import = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        apps, published, closed = set(self.apps), list(self.published), set(self.closed)
        broken: list[tuple[str, str, str]] = []
        for leaf in self.leaves:
            for imported in sorted(graph.find_modules_directly_imported_by(leaf)):
                if imported not in self.leaves_may_import:
                    broken.append((leaf, imported, "an events module imports only the event base class"))
        for importer in sorted(graph.modules):
            app = importer.split(".")[0]
            if app not in apps:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                parts = imported.split(".")
                if parts[0] not in apps:
                    continue
                if parts[0] != app:
                    if not any(_within(imported, p) for p in published):
                        broken.append((importer, imported, f"{parts[0]} does not publish {imported}"))
                    continue
                importer_parts = importer.split(".")
                # app.management.commands.* and app.migrations.* are Django's entry points into the app: app-level.
                is_slice_module = len(importer_parts) >= 3 and importer_parts[1] not in ("management", "migrations")
                is_test = ".tests" in importer or importer_parts[-1].startswith("test_")
                if (
                    len(parts) >= 3
                    and parts[-1] in closed
                    and is_slice_module
                    and not is_test
                    and importer_parts[1] != parts[1]
                ):
                    broken.append((importer, imported, f"another slice's {parts[-1]}"))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, why in check.metadata["broken"]:
            output.print_error(f"{importer} imports {imported}: {why}", bold=False)
            output.new_line()
