"""The admin's add form takes initial values from the query string (?title=...). A value
its field cannot show (?starts_at=0 for a date and time) was a 500 (issue 13's fuzzing):
such values are left out, as a field's own check would refuse them."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class InitialThatParses:
    """Mixed into a ModelAdmin: only query-string initial values their field accepts."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        form = self.get_form(request)()
        kept = {}
        for name, value in initial.items():
            field = form.fields.get(name)
            if field is None:
                continue
            try:
                field.clean(value)
            except (ValidationError, TypeError, ValueError):
                continue
            kept[name] = value
        return kept
