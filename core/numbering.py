"""The numbering service: every document number comes from here.

A number is taken under the database's lock on its counter row, inside the caller's transaction:
if the transaction rolls back, the number is not used and is taken again by the next caller, so a
series stays gap-free. Each unit keeps its own counters (core.models.Counter.unit_code) and numbers with
its own formats and satker code (units.Unit.number_formats, read through settings.UNIT_NUMBERING: core
imports no domain app); settings.NUMBER_FORMATS fills a series a unit has no format for.
"""
from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Counter, default_unit_code

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _period(fmt: str, now) -> str:
    if "{month" in fmt:
        return f"{now.year}{now.month:02d}"
    if "{year" in fmt:
        return str(now.year)
    return "all"


def format_number(series: str, seq: int, now=None, fmt: str | None = None, satker: str | None = None) -> str:
    """Number `seq` of `series` written with `fmt` (default: settings.NUMBER_FORMATS) and `satker`
    (default: settings.BALAI_SATKER_CODE)."""
    now = timezone.localtime(now or timezone.now())
    fmt = fmt or settings.NUMBER_FORMATS[series]
    return fmt.format(
        seq=seq, year=now.year, year2=now.year % 100, month=now.month, month_roman=ROMAN[now.month - 1],
        satker=settings.BALAI_SATKER_CODE if satker is None else satker,
    )


def unit_numbering(unit_code: str) -> tuple[dict, str | None]:
    """(formats by series, satker code) of the unit `unit_code`: settings.UNIT_NUMBERING names the function
    that reads them; without it, or for a unit it does not know, the settings' formats."""
    from django.utils.module_loading import import_string

    path = getattr(settings, "UNIT_NUMBERING", "")
    found = import_string(path)(unit_code) if path else None
    if found is None:
        return dict(settings.NUMBER_FORMATS), None
    formats, satker = found
    return {**settings.NUMBER_FORMATS, **(formats or {})}, satker


def next_number(series: str, now=None, unit_code: str | None = None) -> str:
    """Take the next number of `series` in the unit `unit_code` (default: the installation's default unit,
    whose series continue the numbers issued before units). Must be called inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are taken inside the transaction that uses them")
    now = timezone.localtime(now or timezone.now())
    unit_code = unit_code or default_unit_code()
    formats, satker = unit_numbering(unit_code)
    fmt = formats[series]
    key = {"unit_code": unit_code, "series": series, "period": _period(fmt, now)}
    value = _taken(key)
    if value is None:
        try:
            with transaction.atomic():
                value = Counter.objects.create(**key, value=1).value
        except IntegrityError:  # another transaction made the row first (and holds it until it commits)
            value = _taken(key)
    return format_number(series, value, now, fmt=fmt, satker=satker)


def _taken(key: dict) -> int | None:
    """Add one to the counter and read it in one statement (UPDATE … RETURNING: PostgreSQL and SQLite
    3.35+); the row stays locked until the transaction ends. None when the row does not exist yet."""
    table = Counter._meta.db_table
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = value + 1 WHERE unit_code = %s AND series = %s AND period = %s "
                       "RETURNING value", [key["unit_code"], key["series"], key["period"]])
        row = cursor.fetchone()
    return None if row is None else row[0]
