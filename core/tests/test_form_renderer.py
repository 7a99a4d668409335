"""The project's form renderer (core.form_renderer) writes the common widgets in Python: every form
must look exactly as Django's own widget templates write it, whatever a person typed."""
import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.form_renderer import FormRenderer

WIDGETS = [
    forms.TextInput(), forms.TextInput(attrs={"placeholder": "20,0 <x> & \"q\" 'a'", "required": True,
                                              "disabled": False, "maxlength": 0}),
    forms.NumberInput(attrs={"step": 0.5}), forms.EmailInput(), forms.PasswordInput(render_value=True),
    forms.HiddenInput(), forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 2}), forms.FileInput(), forms.URLInput(), forms.TimeInput(), forms.DateTimeInput(),
    forms.Select(choices=[("", gettext_lazy("— pilih —")), ("A", "Alpha <b>"), ("B", mark_safe("<i>B</i>"))]),
    forms.Select(choices=[("Grup", [("a", "x")])]), forms.Select(choices=[(1, 1000), (2, 2)]),
    forms.SelectMultiple(choices=[("A", "a"), ("B", "b")]), forms.CheckboxSelectMultiple(choices=[("A", "a")]),
]
VALUES = [None, "", "abc", "a<b>&\"'", mark_safe("<b>x</b>"), 5, 0, True, False, "A", ["A", "B"], 1.5,
          datetime.date(2026, 1, 2)]
ATTRS = [None, {"id": "id_x", "class": "c"}, {"id": "i<d", "required": True, "aria-describedby": "h"}]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_every_widget_looks_as_djangos_templates_write_it(widget):
    django, ours = DjangoTemplates(), FormRenderer()
    for value in VALUES:
        for attrs in ATTRS:
            try:
                expected = widget.render("na<me", value, attrs, renderer=django)
            except (TypeError, ValueError, AttributeError):
                continue
            assert widget.render("na<me", value, attrs, renderer=ours) == expected, (value, attrs)


def test_the_project_renders_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
