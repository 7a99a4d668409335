"""How a report table shows a value of each column kind."""
from datetime import date, datetime

from django import template
from django.utils import formats

from core.formatting import quantity
from core.templatetags.sippt import rupiah, waktu

register = template.Library()


@register.simple_tag
def report_cell(value, kind):
    if value is None or value == "":
        return "—"
    if kind == "money":
        return rupiah(value)
    if kind == "int":
        return quantity(value, 0)
    if kind == "decimal":
        return quantity(value, 2)
    if kind == "percent":
        return quantity(value, 1) + " %"
    if isinstance(value, datetime):
        return waktu(value) if value.tzinfo else formats.date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return value


@register.filter
def cells(row, columns):
    """Pairs (value, column kind) of a row."""
    return zip(row, (c.kind for c in columns))
