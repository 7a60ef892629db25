"""Free text from people: what is refused, with which words, and what a feed keeps of
old text (no database)."""

import pytest
from django import forms

from web.text import TypedText, printable, text_problem

CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_characters_are_refused_in_any_field(char):
    assert text_problem(f"Fixtures{char}", what="The title") == "The title contains invisible control characters; please retype it."
    assert text_problem(f"Fixtures{char}\n", what="The title", multiline=False) == (
        "The title contains invisible control characters; please retype it."
    )


def test_a_carriage_return_is_refused_in_a_multi_line_field_whose_breaks_were_not_made_line_feeds():
    assert text_problem("First\r\nsecond", what="The abstract") == (
        "The abstract contains invisible control characters; please retype it."
    )


def test_tab_and_newline_are_text_in_a_multi_line_field():
    assert text_problem("First line\n\tindented", what="The abstract") == ""


@pytest.mark.parametrize("char", ["\n", "\r\n", "\r", "\t"], ids=["LF", "CRLF", "CR", "tab"])
def test_a_single_line_field_refuses_a_line_break_or_a_tab(char):
    assert text_problem(f"Fixtures{char}all the way down", what="The title", multiline=False) == (
        "The title must be on one line, without line breaks or tabs."
    )


def test_printable_drops_control_characters_and_keeps_tab_and_newline():
    assert printable("Fix\x00tures\x0b all\x1b the\x7f way\tdown\n") == "Fixtures all the way\tdown\n"


class Form(forms.Form):
    title = TypedText(what="The title", max_length=10)
    abstract = TypedText(what="The abstract", multiline=True, max_length=10)


def test_a_typed_text_field_refuses_with_the_fields_name_and_counts_a_crlf_as_one_character():
    form = Form({"title": "Fix\x0btures", "abstract": "12345\r\n789"})
    assert form.errors == {"title": ["The title contains invisible control characters; please retype it."]}
    typed = Form({"title": "Fixtures", "abstract": "12345\r\n6789"})  # 10 characters on screen, 11 as sent
    assert (typed.is_valid(), typed.cleaned_data["abstract"]) == (True, "12345\n6789")
    assert Form({"title": "Fix\ntures", "abstract": "a"}).errors == {
        "title": ["The title must be on one line, without line breaks or tabs."]
    }
