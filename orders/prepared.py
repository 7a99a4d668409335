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
from django.db.models.query import ValuesListIterable, get_related_populators

# Marker values, one per value of a query: ids no row has (negative).
_MARKER = -918_273_000


class _Compiled:
    __slots__ = ("compiler", "sql", "params", "slots", "converters", "model", "init_list", "start", "end",
                 "populators", "annotations", "db", "trim")

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
            self.model = None
            return
        if queryset._iterable_class.__name__ != "ModelIterable" or queryset._prefetch_related_lookups:
            raise ValueError("a prepared query yields models or tuples (values_list), without prefetching")
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in compiler.select[self.start:self.end]]
        self.populators = get_related_populators(klass_info, compiler.select, queryset.db)
        self.annotations = list((compiler.annotation_col_map or {}).items())


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
            connection, converted = c.compiler.connection, []
            for row in rows:
                row = list(row)
                for position, (converters, expression) in c.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
                converted.append(row)
            rows = converted
        if c.model is None:
            return [tuple(row) for row in rows] if c.converters else rows
        objects = []
        model, db, init_list, start, end = c.model, c.db, c.init_list, c.start, c.end
        for row in rows:
            obj = model.from_db(db, init_list, row[start:end])
            for populator in c.populators:
                populator.populate(row, obj)
            for name, position in c.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
