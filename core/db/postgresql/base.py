"""Django's PostgreSQL backend, reading moments (timestamptz) with psycopg's compiled loader.

Django registers a loader of its own for timestamptz, written in Python, so that a value comes back in the
connection's time zone: ~40 000 instructions a value, where psycopg's compiled loader takes ~1 500. A list
of 50 orders reads ~200 moments, so Django's loader alone was ~15 % of the page. When the session speaks
UTC (Django sets it so whenever USE_TZ is on and the database entry names no TIME_ZONE), the compiled
loader returns the very value Django's would, an aware datetime in `datetime.timezone.utc`; this backend
then puts the compiled loader on the connection. In any other case (another session time zone, a psycopg
without its compiled part, psycopg 2) it is Django's backend unchanged.
"""
from __future__ import annotations

from datetime import timezone as dt_timezone

from django.db.backends.postgresql import base


def compiled_moment_loader():
    """psycopg's compiled text loader of timestamptz, or None (psycopg 2, or psycopg without its C part)."""
    if not base.is_psycopg3:
        return None
    import psycopg
    from psycopg.pq import Format

    loader = psycopg.adapters.get_loader(psycopg.postgres.types["timestamptz"].oid, Format.TEXT)
    return loader if loader is not None and loader.__module__.startswith(("psycopg_binary", "psycopg_c")) else None


COMPILED_MOMENTS = compiled_moment_loader()


class DatabaseWrapper(base.DatabaseWrapper):
    _compiled_moments = False  # whether this connection reads moments with the compiled loader

    def init_connection_state(self):
        super().init_connection_state()  # sets the session's time zone (to UTC under USE_TZ)
        self._compiled_moments = bool(
            COMPILED_MOMENTS is not None and self.connection is not None and self.timezone is dt_timezone.utc
            and self.timezone_name == "UTC" and self.connection.info.parameter_status("TimeZone") == "UTC")
        if self._compiled_moments:
            self.connection.adapters.register_loader("timestamptz", COMPILED_MOMENTS)

    def create_cursor(self, name=None):
        if not self._compiled_moments:
            return super().create_cursor(name)
        # Django's own would compare the connection's loader's time zone with the connection's and, the
        # compiled loader having none, fail: the cursors are made as Django makes them, without that check
        # (the loader set above already answers in UTC).
        if not name:
            return self.connection.cursor()
        if self.settings_dict["OPTIONS"].get("server_side_binding") is not True:
            return base.ServerSideCursor(self.connection, name=name, scrollable=False,
                                         withhold=self.connection.autocommit)
        return self.connection.cursor(name, scrollable=False, withhold=self.connection.autocommit)
