"""render_markdown reuses one parser per thread: the output must be what a fresh parser gives,
whatever was rendered before (reference links, footnote-like state, fenced code, tables)."""

import threading

import markdown as md
import nh3

from web.markdown import ALLOWED_TAGS, EXTENSIONS, render_markdown

TEXTS = [
    "A [link][ref] to something.\n\n[ref]: https://example.com/a",
    "Uses [ref] again, which must not resolve here: [link][ref].",
    "```python\nprint('hi')\n```\n\nAfter the fence.",
    "| a | b |\n|---|:-:|\n| 1 | 2 |",
    "1. one\n2. two\n\n* star\n* list",
    "<script>alert(1)</script> **bold** and <b>raw</b> html",
    "[x](javascript:alert(1)) [y](https://example.com)",
    "",
]


def fresh(text: str) -> str:
    html = md.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def test_reused_parser_renders_as_a_fresh_one_in_any_order():
    for texts in (TEXTS, list(reversed(TEXTS)), TEXTS * 2):
        for text in texts:
            assert render_markdown(text) == fresh(text), text


def test_a_reference_defined_in_one_text_does_not_leak_into_the_next():
    render_markdown(TEXTS[0])
    assert 'href="https://example.com/a"' not in render_markdown(TEXTS[1])


def test_threads_have_their_own_parser():
    results, errors = {}, []

    def work(i: int) -> None:
        try:
            for _ in range(50):
                for text in TEXTS:
                    if render_markdown(text) != fresh(text):
                        errors.append((i, text))
            results[i] = True
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append((i, error))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4
