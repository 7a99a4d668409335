"""How a report table shows a value of each column kind."""
from datetime import date, datetime

from django import template
from django.utils import formats

from core.templatetags.sippt import rupiah, waktu

register = template.Library()


@register.simple_tag
def report_cell(value, kind):
    if value is None or value == "":
        return "—"
    if kind == "money":
        return rupiah(value)
    if kind == "int":
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if kind == "decimal":
        return formats.number_format(value, 2, use_l10n=True)
    if kind == "percent":
        return formats.number_format(value, 1, use_l10n=True) + " %"
    if isinstance(value, datetime):
        return waktu(value) if value.tzinfo else formats.date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return value


@register.filter
def cells(row, columns):
    """Pairs (value, column kind) of a row."""
    return zip(row, (c.kind for c in columns))
