"""Writing generated rows fast: primary keys are chosen here (so rows can point at each other before
they are saved), rows are inserted in batches with bulk_create, and document numbers are taken from
in-memory counters that are written back to the numbering service's Counter rows at the end.

Only for an installation nobody is using while it runs: it does not lock the counters it advances.
"""
from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.db.models.base import ModelState
from django.utils import timezone

from core.models import Counter
from core.numbering import ROMAN, format_number

BATCH_SIZE = 2000


def _period(series: str, when) -> str:
    """The counter period of `series` at `when`, as core.numbering keys it."""
    return _period_of(settings.NUMBER_FORMATS[series], when)


def _period_of(fmt: str, when) -> str:
    if "{month" in fmt:
        return f"{when.year}{when.month:02d}"
    if "{year" in fmt:
        return str(when.year)
    return "all"


def _defaults(model):
    cached = _DEFAULTS.get(model)
    if cached is None:
        cached = _DEFAULTS[model] = [(f.attname, f._get_default) for f in model._meta.concrete_fields]
    return cached


_DEFAULTS: dict[type, list] = {}


def new(model, /, **values):
    """An unsaved instance of `model` with its field defaults and `values` (by attname, e.g. order_id).
    Much cheaper than Model(**values), which matters for millions of rows."""
    obj = model.__new__(model)
    obj._state = ModelState()
    attrs = obj.__dict__
    for attname, default in _defaults(model):
        if attname not in values:  # a default is made only when needed (timezone.now() is not free)
            attrs[attname] = default()
    attrs.update(values)
    return obj


class Keys:
    """Primary keys handed out above the highest one in each table."""

    def __init__(self):
        self._next: dict[type, int] = {}

    def take(self, model) -> int:
        if model not in self._next:
            self._next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        pk = self._next[model]
        self._next[model] = pk + 1
        return pk

    @property
    def models(self):
        return list(self._next)


class Numbers:
    """Document numbers as the numbering service would have issued them at each event's time, in the series
    of the unit `unit` (set before each order; None: the installation's default unit, formatted as
    core.numbering formats it). Another unit's numbers use its own formats and satker code."""

    def __init__(self):
        self._values: dict[tuple[str, str, str], int] = {}
        self.unit = None

    def take(self, series: str, when) -> str:
        from units.current import default_unit_code

        local = timezone.localtime(when)
        unit = self.unit
        code = unit.code if unit is not None else default_unit_code()
        fmt = (unit.number_formats or {}).get(series) if unit is not None else None
        key = (code, series, _period(series, local) if fmt is None else _period_of(fmt, local))
        if key not in self._values:
            row = Counter.objects.filter(unit_code=code, series=series, period=key[2]).first()
            self._values[key] = row.value if row else 0
        self._values[key] += 1
        if fmt is None:
            return format_number(series, self._values[key], local)
        return fmt.format(seq=self._values[key], year=local.year, year2=local.year % 100, month=local.month,
                          month_roman=ROMAN[local.month - 1], satker=unit.satker_code)

    def save(self) -> None:
        for (code, series, period), value in self._values.items():
            Counter.objects.update_or_create(unit_code=code, series=series, period=period, defaults={"value": value})


class Rows:
    """Rows waiting to be inserted, written table by table in an order that satisfies the foreign keys."""

    def __init__(self, keys: Keys, insert_order: list[type]):
        self.keys = keys
        self.insert_order = insert_order
        self.pending: dict[type, list] = defaultdict(list)
        self.written: dict[str, int] = defaultdict(int)

    def add(self, obj):
        if obj.pk is None:
            obj.pk = self.keys.take(type(obj))
        self.pending[type(obj)].append(obj)
        return obj

    def flush(self) -> None:
        with transaction.atomic():
            for model in self.insert_order:
                objs = self.pending.pop(model, [])
                if not objs:
                    continue
                if connection.vendor == "postgresql":
                    copy_rows(model, objs)
                else:
                    model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
                self.written[model._meta.label] += len(objs)
        if self.pending:
            raise RuntimeError(f"no insert order for {[m._meta.label for m in self.pending]}")


def _converter(field):
    """How a field's Python value is written by COPY (None: as it is; psycopg adapts str, int, datetime)."""
    if isinstance(field, models.JSONField):
        from psycopg.types.json import Jsonb

        return Jsonb
    if isinstance(field, models.FileField):
        return lambda value: getattr(value, "name", value) or ""
    return None


def copy_rows(model, objs) -> None:
    """Insert `objs` with PostgreSQL's COPY: the same rows bulk_create would write, many times faster."""
    fields = model._meta.concrete_fields
    converters = [(f.attname, _converter(f)) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for obj in objs:
                values = obj.__dict__
                copy.write_row([values[a] if c is None else c(values[a]) for a, c in converters])


def reset_sequences(model_classes) -> None:
    """Move PostgreSQL's id sequences past the keys chosen here (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_classes)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
