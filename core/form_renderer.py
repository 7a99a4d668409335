"""The form renderer (settings.FORM_RENDERER): Django's, with the widgets every form shows most — the
inputs, the text area and the plain select — written in Python to the very characters Django's widget
templates write. Each widget rendered through the template engine is a template, an include for its
attributes and a loop over them: a sheet of ten fields costs two milliseconds of CPU that way. Any other
widget (choices in groups, a non-text option label, the check box lists, the file input with its
"clear" box) is left to Django's templates."""
from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise

from core.html import escape as _escape

# The widget templates that only include django/forms/widgets/input.html.
_INPUTS = frozenset(f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "tel", "search",
    "color", "file", "checkbox"))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(_text(value))}"')
    return "".join(out)


def _text(value):
    """The `stringformat:'s'` filter: str(value), kept safe when the value is."""
    if hasattr(value, "__html__"):
        return value
    return f"{value}"


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_escape(_text(widget["value"]))}"'
    return f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = _escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str | None:
    out = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            return None
        for option in options:
            label = option["label"]
            if (option["template_name"] != "django/forms/widgets/select_option.html"
                    or not isinstance(label, (str, Promise))):
                return None
            out.append(f'\n  <option value="{_escape(_text(option["value"]))}"{_attrs(option["attrs"])}>'
                       f'{_escape(label)}</option>\n')
    out.append("\n</select>")
    return "".join(out)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in _INPUTS:
                return _input(widget)
            if template_name == "django/forms/widgets/textarea.html":
                return _textarea(widget)
            if template_name == "django/forms/widgets/select.html":
                html = _select(widget)
                if html is not None:
                    return html
        return super().render(template_name, context, request)
