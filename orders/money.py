"""The bounds of money in an order, checked by the forms that take an amount and again by the services
that save one (order saved, step 6 tariff approval, step 8 billing), so no route stores an amount the
state billing cannot take."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.templatetags.sippt import rupiah

# One instrument line: a whole number of rupiah, at most one billion.
MAX_LINE_AMOUNT = 1_000_000_000
# An order: at most Rp 999.999.999.999 (twelve digits), what one e-billing can carry.
MAX_ORDER_TOTAL = 999_999_999_999


def check_line_amount(amount: int) -> None:
    if amount < 0:
        raise ValidationError(_("Tarif tidak boleh negatif."))
    if amount > MAX_LINE_AMOUNT:
        raise ValidationError(_("Tarif satu alat paling banyak Rp 1.000.000.000."))


def check_order_total(total: int) -> None:
    if total > MAX_ORDER_TOTAL:
        raise ValidationError(_("Total pesanan %(total)s melebihi batas %(max)s untuk satu e-billing; "
                                "bagi menjadi beberapa pesanan.") % {"total": rupiah(total), "max": rupiah(MAX_ORDER_TOTAL)})
