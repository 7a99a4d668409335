"""The row writers' HTML helpers escape exactly what Django's do."""
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core.html import format_html, format_html_join

HOSTILE = ['<script>alert("x")</script>', "O'Brien & Sons", 42, None, gettext_lazy("Pesanan")]


def test_every_argument_is_escaped_as_django_escapes_it():
    for value in HOSTILE:
        assert format_html("<td>{}</td>", value) == django_html.format_html("<td>{}</td>", value)


def test_safe_values_pass_unescaped_and_the_result_is_safe():
    cell = format_html('<a href="{}">{}</a>', "/o/1/", mark_safe("<b>ok</b>"))
    assert cell == '<a href="/o/1/"><b>ok</b></a>' and isinstance(cell, SafeString)
    assert format_html("{x}", x="<i>") == "&lt;i&gt;"


def test_join_escapes_each_row():
    rows = [("<a>", 1), ("b&c", 2)]
    assert format_html_join("\n", "<li>{}:{}</li>", rows) == django_html.format_html_join("\n", "<li>{}:{}</li>", rows)
