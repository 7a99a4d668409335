"""Moments read from PostgreSQL by psycopg's compiled loader are the values Django's own loader gives."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import connection

from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db


def _django_reads(sql, params):
    """The same query through Django's own backend behaviour: its Python loader on a fresh cursor."""
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor)
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's moments")
def test_moments_read_in_utc_as_django_reads_them():
    from core.db.postgresql.base import COMPILED_MOMENTS

    connection.ensure_connection()
    assert COMPILED_MOMENTS is not None, "the compiled psycopg (psycopg[binary] or [c]) is installed"
    sql = ("SELECT %s::timestamptz, '2026-12-31 23:59:59.999999+09'::timestamptz, "
           "'1999-01-01 00:00:00-05'::timestamptz, NULL::timestamptz")
    moment = datetime(2026, 8, 17, 3, 4, 5, 123456, tzinfo=dt_timezone(timedelta(hours=7)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment])
        ours = cursor.fetchone()
    theirs = _django_reads(sql, [moment])[0]
    assert ours == theirs and ours[0] == moment
    assert all(value.tzinfo is dt_timezone.utc for value in ours[:3])
    # and a model's field read back by the ORM is the instant written, in UTC
    Session.objects.create(session_key="m" * 32, session_data="", expire_date=moment)
    read = Session.objects.get(session_key="m" * 32).expire_date
    assert read == moment and read.tzinfo is dt_timezone.utc
    # through a server-side (named) cursor too, as .iterator() reads
    streamed = [s.expire_date for s in Session.objects.filter(session_key="m" * 32).iterator(chunk_size=1)]
    assert streamed == [moment] and streamed[0].tzinfo is dt_timezone.utc


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's moments")
def test_another_session_time_zone_keeps_djangos_loader():
    """A database entry with its own TIME_ZONE: the session does not speak UTC, so Django's loader stays."""
    from django.db import connections
    from django.db.utils import ConnectionHandler

    entry = {**connections.settings["default"], "TIME_ZONE": "Asia/Jakarta", "NAME": connection.settings_dict["NAME"]}
    other = ConnectionHandler({"default": entry})["default"]
    try:
        other.ensure_connection()
        assert other._compiled_moments is False
        with other.cursor() as cursor:
            cursor.execute("SELECT '2026-01-01 00:00:00+00'::timestamptz")
            (value,) = cursor.fetchone()
        assert value == datetime(2026, 1, 1, tzinfo=dt_timezone.utc) and value.utcoffset() == timedelta(hours=7)
    finally:
        other.close()
