"""Queries compiled to SQL once per process (and database connection), run again with new values.

Building a queryset and compiling it costs more than running it: the order page's instruments with their
type, laboratory and tariff took ~8 million instructions a page to read three rows, almost all of it
Django turning the same queryset into the same SQL. A `Prepared` query is built once with marker values
where each page's own values go (an order's id), compiled, and kept with its compiler; each page then only
puts its values in place of the markers, runs the SQL and turns the rows into models (or tuples) with the
compiler's own converters and related-object populators, as the queryset itself would.

Only for queries whose SQL depends on nothing but the values given: never on who reads (a reader's scope
is checked before, by orders.access), the time, or the data.

(On PostgreSQL the moments are read by the driver's compiled loader, as by every query: core.db.postgresql.)
"""
from __future__ import annotations

from django.db import connections
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.query import ValuesListIterable, get_related_populators
from django.db.models.signals import post_init, pre_init

# Marker values, one per value of a query: ids no row has (negative).
_MARKER = -918_273_000


class _Compiled:
    __slots__ = ("compiler", "sql", "params", "slots", "converters", "models", "db", "trim")

    def __init__(self, queryset, markers):
        compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = [(i, markers.index(p)) for i, p in enumerate(self.params) if type(p) is int and p in markers]
        if sorted({j for _i, j in self.slots}) != list(range(len(markers))):
            raise ValueError("a value of the prepared query does not reach its SQL as a parameter")
        self.compiler, self.db = compiler, queryset.db
        self.converters = list(compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]]).items())
        self.trim = compiler.col_count if compiler.has_extra_select else None
        if queryset._iterable_class is ValuesListIterable:
            self.models = None
            return
        if queryset._iterable_class.__name__ != "ModelIterable" or queryset._prefetch_related_lookups:
            raise ValueError("a prepared query yields models or tuples (values_list), without prefetching")
        self.models = ModelRows(compiler, queryset.db)


class Prepared:
    """`Prepared(lambda order_id: Model.objects.filter(order_id=order_id)...)`: call it with the values
    (`prepared(order.pk)`) for the list of models, or of tuples for a values_list queryset."""

    def __init__(self, build, arity: int = 1):
        self._build, self._arity = build, arity

    def _compiled(self, using="default") -> _Compiled:
        connection = connections[using]
        known = connection.__dict__.setdefault("_prepared_queries", {})
        compiled = known.get(self)
        if compiled is None:
            markers = [_MARKER - i for i in range(self._arity)]
            compiled = known[self] = _Compiled(self._build(*markers), markers)
        return compiled

    def __call__(self, *values) -> list:
        c = self._compiled()
        params = c.params[:]
        for i, j in c.slots:
            params[i] = values[j]
        connection = connections[c.db]
        with connection.cursor() as cursor:
            cursor.execute(c.sql, params)
            rows = cursor.fetchall()
        if c.trim is not None:
            rows = [row[:c.trim] for row in rows]
        if c.converters:
            rows = convert_rows(rows, c.converters, c.compiler.connection)
        if c.models is None:
            return [tuple(row) for row in rows] if c.converters else rows
        return c.models(rows)


def convert_rows(rows, converters, connection) -> list:
    """The rows with each column's converters applied, as the compiler's `apply_converters` does."""
    converted = []
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        converted.append(row)
    return converted


class ModelRows:
    """What turns the rows of a compiled model query into its models, as `ModelIterable` does: the model's
    columns, its related objects (`select_related`) and annotations put in place."""

    __slots__ = ("start", "end", "build", "populators", "annotations")

    def __init__(self, compiler, db):
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        init_list = [f[0].target.attname for f in compiler.select[self.start:self.end]]
        self.build = model_builder(klass_info["model"], init_list, db)
        self.populators = [related_populator(p, db) for p in get_related_populators(klass_info, compiler.select, db)]
        self.annotations = list((compiler.annotation_col_map or {}).items())

    def __call__(self, rows) -> list:
        objects = []
        build, start, end, populators, annotations = self.build, self.start, self.end, self.populators, self.annotations
        for row in rows:
            obj = build(row[start:end])
            for populator in populators:
                populator(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def model_builder(model, init_list, db):
    """`values -> model`: what `model.from_db(db, init_list, values)` makes. A model of Django's own
    constructor and no pre_init or post_init receiver gets its loaded fields' values put in place directly
    (a tenth of the constructor's work: it walks every field, sends the two signals)."""
    if (model.__init__ is not Model.__init__ or model.from_db.__func__ is not Model.from_db.__func__
            or pre_init.has_listeners(model) or post_init.has_listeners(model)):
        return lambda values: model.from_db(db, init_list, values)
    new = object.__new__

    def build(values):
        obj = new(model)
        state = obj._state = ModelState()
        state.adding, state.db = False, db
        obj.__dict__.update(zip(init_list, values))
        return obj

    return build


def related_populator(related, db):
    """`(row, obj)`: Django's RelatedPopulator.populate, with the related models made by `model_builder`."""
    if related.reorder_for_init is not None:  # a parent model's columns (multi-table inheritance)
        return related.populate
    build = model_builder(related.model_cls, related.init_list, db)
    start, end, pk = related.cols_start, related.cols_end, related.pk_idx
    children = [related_populator(child, db) for child in related.related_populators]
    local_setter, remote_setter = related.local_setter, related.remote_setter

    def populate(row, from_obj):
        values = row[start:end]
        if values[pk] is None:
            local_setter(from_obj, None)
            return
        obj = build(values)
        for child in children:
            child(row, obj)
        local_setter(from_obj, obj)
        remote_setter(obj, from_obj)

    return populate
