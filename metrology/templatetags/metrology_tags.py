"""Words for the codes kept in a stored uncertainty budget (see metrology.budgets.PointBudget.as_dict)."""
from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# How each contribution's standard uncertainty was evaluated: type A, or the distribution assumed (type B).
KIND_LABELS = {
    "type_a": _("Tipe A (pembacaan berulang)"),
    "normal": _("Normal"),
    "rectangular": _("Segi empat"),
    "triangular": _("Segitiga"),
    "u_shaped": _("Bentuk U"),
}


@register.filter
def budget_kind(kind) -> str:
    """'rectangular' -> 'Segi empat' (or 'Rectangular' on English pages)."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else _("Lainnya")
