"""An inbox's page of one subject in one query, compiled to SQL once per shape and process.

The page's query has two levels. First the waiting items' ids, the most urgent `limit` of them, with how
many wait in all (`COUNT(*) OVER ()`), read from the columns an index holds (the state, the clock, the
order, the id: orders_instrument's `instrument_waiting` index, the unit's order ids), without visiting a
table row of the hundreds that wait; then those items' rows with what the page shows of them. One
statement: `WITH inbox_top AS (<ids and total>) SELECT <rows> WHERE id IN inbox_top`.

Building and compiling the two querysets costs more than running them (~2 M instructions a subject), so
for an inbox function marked `@prepared_inbox` (its query depends only on the reader's id, company,
laboratory and the units they hold the role in: no other read of the account, the database or the time)
the statement is compiled once per shape — subject, role, states, page size, and whether the reader has
a company, a laboratory, how many units or every unit — with marker values standing in for the reader's,
and each page only puts its reader's values in their places, runs it and turns the rows into models with
the compiler's own converters and related-object populators, as the queryset itself would. Other inbox
functions get the same statement compiled on each page.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Count, IntegerField, Window
from django.db.models.expressions import RawSQL
from django.utils.module_loading import import_string

from core.prepared import ModelRows, convert_rows

TOP = "inbox_top"

# Marker values, one per value of the reader a prepared inbox query may hold: ids no row has (negative).
_ID, _COMPANY, _LABORATORY, _UNIT = -918_274_000, -918_274_001, -918_274_002, -918_274_100

_FUNCTIONS: dict[str, object] = {}


def prepared_inbox(function):
    """Marks a subject's inbox function `(user, role, states) -> queryset | None` whose query depends
    only on `user.pk`, `user.company_id`, `user.laboratory_id` and `user.role_units[role]` (and the role
    and states): the inbox compiles it once per shape, with a stand-in reader carrying marker values."""
    function.prepared = True
    return function


def is_prepared(subject) -> bool:
    function = _FUNCTIONS.get(subject.inbox)
    if function is None:
        function = _FUNCTIONS[subject.inbox] = import_string(subject.inbox)
    return getattr(function, "prepared", False)


def page_querysets(subject, qs, limit: int, order, annotate):
    """(ids, rows): the most urgent `limit` ids of `qs` with the total (`inbox_total`), and the rows of
    those ids with `qs`'s related objects and columns, annotated by `annotate(queryset)`."""
    top = (qs.order_by(*order).annotate(inbox_total=Window(Count("*")))
           .values_list("pk", "inbox_total")[:limit])
    model = qs.model
    rows = model._base_manager.using(qs.db).all()
    rows.query.select_related = qs.query.select_related  # the related objects the subject's rows show
    rows.query.deferred_loading = qs.query.deferred_loading  # and only the columns they show
    rows = rows.filter(pk__in=RawSQL(f'SELECT "id" FROM {TOP}', ()))
    total = RawSQL(f'SELECT MAX("inbox_total") FROM {TOP}', (), output_field=IntegerField())
    return top, annotate(rows).annotate(inbox_total=total).order_by(*order)


class Compiled:
    """The statement of a page query (its SQL, the positions of the reader's values among its
    parameters) and how to turn its rows into models."""

    __slots__ = ("sql", "params", "slots", "converters", "models", "connection", "db", "trim")

    def __init__(self, top, rows, markers=()):
        top_sql, top_params = top.query.get_compiler(using=top.db).as_sql()
        compiler = rows.query.get_compiler(using=rows.db)
        rows_sql, rows_params = compiler.as_sql()
        self.sql = f'WITH {TOP} ("id", "inbox_total") AS ({top_sql}) {rows_sql}'
        self.params = [*top_params, *rows_params]
        self.slots = [(i, p) for i, p in enumerate(self.params) if type(p) is int and p in markers]
        if any(str(m) in self.sql for m in markers) or any(
                isinstance(p, (list, tuple)) and set(p) & set(markers) for p in self.params):
            raise ValueError("a value of the reader reaches the inbox's SQL other than as a parameter")
        self.connection, self.db = compiler.connection, rows.db
        self.converters = list(compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]]).items())
        self.trim = compiler.col_count if compiler.has_extra_select else None
        self.models = ModelRows(compiler, rows.db)

    def params_for(self, values=None) -> list:
        """The parameters with the reader's `values` (marker -> value) in their places."""
        params = self.params
        if values and self.slots:
            params = params[:]
            for i, marker in self.slots:
                params[i] = values[marker]
        return params

    def run(self, values=None) -> list:
        params = self.params_for(values)
        connection = self.connection
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = convert_rows(rows, self.converters, connection)
        return self.models(rows)


def reader_values(user, units, every: bool) -> dict:
    """The marker of each of `user`'s values a prepared query may hold, with the value."""
    values = {_ID: user.pk, _COMPANY: user.company_id, _LABORATORY: user.laboratory_id}
    if units is not None and not every:
        values.update(zip(range(_UNIT, _UNIT - len(units), -1), units))
    return values


def stand_in(user, role: str, units, every: bool):
    """A reader like `user` for a prepared inbox function, carrying markers instead of their values:
    (the stand-in, their units). Holding the role in every unit, they keep their units (no unit filter
    then, whatever the ids)."""
    reader = get_user_model()(pk=_ID, company_id=None if user.company_id is None else _COMPANY,
                        laboratory_id=None if user.laboratory_id is None else _LABORATORY)
    if units is not None and not every:
        units = list(range(_UNIT, _UNIT - len(units), -1))
    reader.__dict__["role_units"] = {role: frozenset(units or ())}
    return reader, units


def shape(user, role: str, states, limit: int, units, every: bool, rows_version) -> tuple:
    """What a prepared inbox query's SQL depends on besides the reader's values."""
    return (role, tuple(states), limit, rows_version, every, user.company_id is None, user.laboratory_id is None,
            tuple(units) if every else None if units is None else len(units))


def known(using="default") -> dict:
    """The prepared page queries of this process's connection `using` (per shape)."""
    return connections[using].__dict__.setdefault("_inbox_queries", {})
