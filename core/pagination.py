"""Pagination of long lists. Counting every row a staff list could show (all 100 000 orders, every
billing) costs tens of milliseconds on each request; a count that large is kept for a minute in the
shared cache, keyed by the query itself. A short list (a customer's orders) is counted exactly every
time, so a new row shows in its count at once; in a long one, the page count may lag a minute behind."""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

LONG_LIST = 1000  # rows from which a count is kept
COUNT_SECONDS = 60


class CountKeptPaginator(Paginator):
    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        sql, params = query.sql_with_params()
        key = "list-count:" + hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            return kept
        count = super().count
        if count >= LONG_LIST:
            cache.set(key, count, COUNT_SECONDS)
        return count
