"""How numbers are written for a reader: one rule for pages, PDFs, spreadsheets and mails.

By the active language: Bahasa Indonesia writes `5.000,03` (decimal comma, thousands with a point),
English `5,000.03`. Quantities keep the decimals they were measured or reported with ("0.050" stays
three decimals); money is whole rupiah; durations in working days have one decimal.

The calibration certificate is bilingual and follows its own fixed rule (`certificate_quantity`): a
decimal point and thousands grouped by a thin space (SI Brochure 5.4.4), the same in both languages,
so that no reader of either language can misread a separator.

Spreadsheets get numbers, not text: `excel_format` gives the number format a cell is written with.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language

# (decimal separator, thousands separator) per language; Indonesian for any other.
SEPARATORS = {"id": (",", "."), "en": (".", ",")}
THIN_SPACE = "\u2009"


def separators(language: str | None = None) -> tuple[str, str]:
    code = (language or get_language() or "id").split("-")[0].lower()
    return SEPARATORS.get(code, SEPARATORS["id"])


def as_decimal(value) -> Decimal | None:
    """A number given as Decimal, int, float or text with a dot ("5000.03"); None when it is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    text = str(value).strip().replace("\u2212", "-")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _write(number: Decimal, places: int | None, decimal_sep: str, thousands_sep: str) -> str:
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    sign = "-" if number < 0 else ""
    digits = format(abs(number), "f")
    whole, _dot, fraction = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands_sep.join(groups)
    return f"{sign}{text}{decimal_sep}{fraction}" if fraction else f"{sign}{text}"


def quantity(value, places: int | None = None, language: str | None = None) -> str:
    """A measured or computed quantity in the reader's language, with the decimals it carries ("5000.03"
    -> "5.000,03" / "5,000.03"); `places` fixes the decimals. Text that is not a number is returned as it is."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return _write(number, places, *separators(language))


def input_number(value, language: str | None = None) -> str:
    """A stored number as it is put back into an input: the reader's decimal separator, no thousands
    separator (so that it is read back unchanged: "5000.03" -> "5000,03" / "5000.03")."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return _write(number, None, separators(language)[0], "")


def readings(values, language: str | None = None) -> str:
    """Repeat readings, each as a quantity, separated by semicolons."""
    return "; ".join(quantity(v, language=language) for v in values or [])


def rupiah(value, language: str | None = None) -> str:
    """A figure as a person reads an amount: 1250000 -> 'Rp 1.250.000'; "—" for none, the value as it is
    when it is no whole number."""
    if value is None or value == "":
        return "—"
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    return money(amount, language)


def money(amount, language: str | None = None) -> str:
    """Whole rupiah: 1250000 -> 'Rp 1.250.000' / 'Rp 1,250,000'; a minus sign before Rp."""
    number = as_decimal(amount)
    if number is None:
        return "" if amount is None else str(amount)
    number = number.to_integral_value()
    text = _write(abs(number), 0, *separators(language))
    return f"{'-' if number < 0 else ''}Rp {text}"


def days(value, places: int = 1, language: str | None = None) -> str:
    """A number of (working) days: 14 -> '14,0' / '14.0'."""
    number = as_decimal(value)
    if number is None:
        return ""
    return _write(number, places, *separators(language))


def certificate_quantity(value) -> str:
    """The certificate's fixed bilingual rule: decimal point, thousands grouped by a thin space
    ("5000.03" -> "5 000.03"); the decimals as reported. Text that is not a number is returned as it is."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return _write(number, None, ".", THIN_SPACE)


def excel_format(value) -> str:
    """The spreadsheet number format showing a quantity with the decimals it carries ('#,##0.000');
    the reader's spreadsheet program shows the separators of its own language."""
    number = as_decimal(value)
    places = max(0, -number.as_tuple().exponent) if number is not None else 0
    return "#,##0" + ("." + "0" * places if places else "")
