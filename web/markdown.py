"""Markdown written by members and organisers, rendered to HTML that is safe to show."""

import threading

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
EXTENSIONS = ["fenced_code", "tables", "sane_lists"]

# Building a Markdown parser (its extensions, patterns and processors) costs more than
# converting a typical abstract: projections render thousands in a rebuild. One parser per
# thread (a parser holds state while it converts), reset before each text, as the
# library's documentation says to reuse one.
_local = threading.local()


def _parser() -> md.Markdown:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = md.Markdown(extensions=EXTENSIONS, output_format="html")
    return parser


def render_markdown(text: str) -> str:
    """Markdown to HTML, then sanitised: no script, no event handler, no javascript: or
    data: link survives; links get rel="nofollow noopener"."""
    html = _parser().reset().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
