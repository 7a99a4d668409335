"""Pagination of long lists. Counting every row a staff list could show (all 100 000 orders, every
billing) costs tens of milliseconds on each request; a count that large is kept for a minute in the
shared cache, keyed by the query itself. A short list (a customer's orders) is counted exactly every
time, so a new row shows in its count at once; in a long one, the page count may lag a minute behind.

The query is compiled to SQL once per page: for the count's key and, for a list of named rows
(`values_list(..., named=True)`), for the page's rows too (its LIMIT and OFFSET added to that SQL), not
compiled again for the slice."""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.db.models.query import NamedValuesListIterable
from django.db.models.utils import create_namedtuple_class
from django.utils.functional import cached_property

LONG_LIST = 1000  # rows from which a count is kept
COUNT_SECONDS = 60


class CountKeptPaginator(Paginator):
    @cached_property
    def _compiled(self):
        """(compiler, SQL, parameters) of the whole list, or None for a list that is no queryset."""
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None:
            return None
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return compiler, sql, params

    @cached_property
    def count(self):
        if self._compiled is None:
            return super().count
        _compiler, sql, params = self._compiled
        key = "list-count:" + hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            return kept
        count = super().count
        if count >= LONG_LIST:
            cache.set(key, count, COUNT_SECONDS)
        return count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int):
        """The rows bottom..top: for named rows, by the SQL already compiled; else the queryset's slice."""
        queryset = self.object_list
        if (self._compiled is None or queryset._iterable_class is not NamedValuesListIterable
                or not queryset._fields or queryset.query.extra_select or queryset.query.annotation_select
                or queryset.query.is_sliced):
            return queryset[bottom:top]
        if top <= bottom:
            return []
        compiler, sql, params = self._compiled
        sql = f"{sql} LIMIT {int(top - bottom)}" + (f" OFFSET {int(bottom)}" if bottom else "")
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[:compiler.col_count] for row in rows]
        tuple_class, new = create_namedtuple_class(*queryset._fields), tuple.__new__
        return [new(tuple_class, row) for row in compiler.results_iter([rows], tuple_expected=True)]
