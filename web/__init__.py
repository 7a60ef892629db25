"""Helpers every app uses, below the apps and above the event store: Markdown rendering
(markdown), free text without control characters (text), mail rendered from templates
(mail), a refused command as a message or an htmx fragment (refusals), htmx requests that
want a fragment (htmx), and templates kept in their use case's folder (templates)."""
