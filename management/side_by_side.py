"""A page's independent, read-only aggregates run side by side, each on its own database connection.

The dashboard's year is a few heavy aggregates (the SOP steps' percentiles, the counts per analyst, per
laboratory and per field of calibration), each a single query the database runs on one processor. One
after another they take their sum; the heaviest on a second thread while the others run, their longer
part. Used only where it is safe: on PostgreSQL, outside a transaction (another connection would not
see the transaction's rows: a test, or a read after a write in the same request). Elsewhere everything
runs in the calling thread, one after another.
"""
from __future__ import annotations

import contextvars
import threading

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation


def side_by_side(aside, here) -> tuple[list, list]:
    """The results of the callables `aside` (run on another thread, with its own connection, while those
    `here` run in this one) and of `here`, each list in its order."""
    aside, here = list(aside), list(here)
    connection = connections[DEFAULT_DB_ALIAS]
    if not aside or not here or connection.vendor != "postgresql" or connection.in_atomic_block:
        return [call() for call in aside], [call() for call in here]
    language, zone = translation.get_language(), timezone.get_current_timezone()
    results: list = []
    failure: list[BaseException] = []

    def run():
        try:
            with translation.override(language), timezone.override(zone):
                results.extend(call() for call in aside)
        except BaseException as exc:  # raised again in the calling thread
            failure.append(exc)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=contextvars.copy_context().run, args=(run,), name="side-by-side")
    thread.start()
    try:
        mine = [call() for call in here]
    finally:
        thread.join()
    if failure:
        raise failure[0]
    return results, mine
