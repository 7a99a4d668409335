"""The portable export: every row of the installation as JSON lines, engine-neutral, for moving an
installation from SQLite to PostgreSQL (the backup archive holds an engine's own dump and loads only
into the same engine).

Rows are written by primary key, model after model in dependency order (a model after the models its
foreign keys point at), as plain column values (`customer_id`, not a natural key), streamed through
`values_list(...).iterator()`: a few queries per model, none per row. Content types and permissions are
carried with their ids and replace the target's own (a freshly migrated database numbers them in its
own order), so every foreign key to them stays right.

File layout (gzip, one JSON document per line):
    {"format": "sippt-portable", "version": 1, "created_at", "database_vendor"}
    {"model": "app.model", "fields": [attname, ...]}       then one line per row:
    [value, ...]                                            in the order of "fields"
    ...                                                     next model header, its rows, ...
    {"end": true, "rows": {"app.model": count, ...}}
"""
from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import json
import uuid
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT, VERSION = "sippt-portable", 1
# Short-lived bookkeeping, not moved: sessions, login-lockout records, the background-task queue, the
# admin's own log.
SKIPPED = ["sessions", "axes", "django_tasks_database", "admin.logentry"]
# Made by migrate (the unit: from the settings); replaced by the source's rows.
REPLACED = ["contenttypes.contenttype", "auth.permission", "units.unit"]
BATCH = 2000


class PortableError(Exception):
    """The file cannot be exported or imported; the message says why."""


def skipped_labels() -> list[str]:
    present = {config.label for config in apps.get_app_configs()}
    return [name for name in SKIPPED if name.split(".")[0] in present]


def portable_models() -> list[type[models.Model]]:
    """Every concrete model with a table (auto-created many-to-many tables included) but the skipped,
    each after the models its foreign keys point at (cycles, e.g. self-references, are broken)."""
    skipped = set(skipped_labels())
    chosen = [model for model in apps.get_models(include_auto_created=True)
              if model._meta.managed and not model._meta.proxy
              and model._meta.label_lower not in skipped and model._meta.app_label not in skipped]
    ordered, placed, visiting = [], set(), set()

    def place(model):
        if model in placed or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target in chosen_set and target is not model:
                place(target._meta.concrete_model)
        visiting.discard(model)
        placed.add(model)
        ordered.append(model)

    chosen_set = set(chosen)
    for model in sorted(chosen, key=lambda m: m._meta.label_lower):
        place(model)
    return ordered


def _encode(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return {"__bytes__": base64.b64encode(bytes(value)).decode()}
    raise TypeError(f"cannot export {type(value).__name__}")


def export_portable(output: Path) -> dict[str, int]:
    """Write every row to `output` (gzip JSON lines); returns the row count per model."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    counts: dict[str, int] = {}
    encoder = json.JSONEncoder(default=_encode, ensure_ascii=False, separators=(",", ":"))
    with transaction.atomic(), gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as out:
        if connection.vendor == "postgresql":  # one consistent snapshot across all models
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        out.write(encoder.encode({"format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
                                  "database_vendor": connection.vendor}) + "\n")
        for model in portable_models():
            fields = [field.attname for field in model._meta.concrete_fields]
            out.write(encoder.encode({"model": model._meta.label_lower, "fields": fields}) + "\n")
            count = 0
            rows = model._base_manager.order_by("pk").values_list(*fields).iterator(chunk_size=BATCH)
            for row in rows:
                out.write(encoder.encode(row))
                out.write("\n")
                count += 1
            counts[model._meta.label_lower] = count
        out.write(encoder.encode({"end": True, "rows": counts}) + "\n")
    partial.replace(output)
    return counts


def _decoder(model, fields):
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    converters = []
    for name in fields:
        field = by_attname.get(name)
        if field is None:
            raise PortableError(_("Kolom %(f)s dari %(m)s tidak ada di instalasi ini (versi migrasi berbeda?).")
                                % {"f": name, "m": model._meta.label_lower})
        if isinstance(field, models.JSONField):
            converters.append(None)
        elif isinstance(field, models.BinaryField):
            converters.append(lambda v: None if v is None else base64.b64decode(v["__bytes__"]))
        elif isinstance(field, models.DateTimeField | models.DateField | models.TimeField
                        | models.DecimalField | models.DurationField | models.UUIDField):
            converters.append(_from_text(field))
        else:
            converters.append(None)
    return converters


def _from_text(field):
    if isinstance(field, models.DurationField):
        return lambda v: None if v is None else datetime.timedelta(seconds=v)
    return lambda v: None if v is None else field.to_python(v)


def _installation_is_empty() -> bool:
    from accounts.models import User
    from orders.models import Order

    return not User.objects.exists() and not Order.objects.exists()


def import_portable(source: Path) -> dict[str, int]:
    """Load a portable export into this empty, migrated installation, in one transaction; returns the row
    count per model."""
    if not _installation_is_empty():
        raise PortableError(_("Instalasi ini sudah berisi data. Impor hanya ke instalasi kosong "
                              "(basis data baru yang sudah di-migrate)."))
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        try:
            header = json.loads(handle.readline())
        except (OSError, ValueError, EOFError):
            raise PortableError(_("Berkas %(f)s bukan ekspor portabel yang dapat dibaca.") % {"f": source}) \
                from None
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
            raise PortableError(_("Berkas %(f)s bukan ekspor portabel yang dikenal.") % {"f": source})
        try:
            counts = _load_rows(handle)
        except (OSError, ValueError, EOFError) as exc:
            raise PortableError(_("Ekspor portabel rusak (%(e)s); tidak ada yang diimpor.") % {"e": exc}) from None
    from django.contrib.contenttypes.models import ContentType

    from units.current import forget

    ContentType.objects.clear_cache()
    forget()  # the installation's unit is now the source's
    return counts


def _load_rows(handle) -> dict[str, int]:
    counts: dict[str, int] = {}
    touched = []
    ended = None
    with transaction.atomic():
        for label in REPLACED[::-1]:  # permissions first: they point at content types
            apps.get_model(label)._base_manager.all().delete()
        model = converters = fields = None
        batch = []

        def flush():
            if batch:
                model._base_manager.bulk_create(batch, batch_size=BATCH)
                counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + len(batch)
                batch.clear()

        for line in handle:
            item = json.loads(line)
            if isinstance(item, list):
                if model is None:
                    raise PortableError(_("Baris data sebelum nama model."))
                values = {name: (value if convert is None else convert(value))
                          for name, value, convert in zip(fields, item, converters, strict=True)}
                batch.append(model(**values))
                if len(batch) >= BATCH:
                    flush()
            elif "model" in item:
                flush()
                try:
                    model = apps.get_model(item["model"])
                except LookupError:
                    raise PortableError(_("Model %(m)s tidak dikenal di instalasi ini.") % {"m": item["model"]}) \
                        from None
                fields = item["fields"]
                converters = _decoder(model, fields)
                touched.append(model)
                counts.setdefault(model._meta.label_lower, 0)
            elif item.get("end"):
                flush()
                ended = item["rows"]
        if ended is None or ended != counts:
            raise PortableError(_("Ekspor portabel terpotong atau tidak lengkap; tidak ada yang diimpor."))
        sequences = connection.ops.sequence_reset_sql(no_style(), touched)
        if sequences:
            with connection.cursor() as cursor:
                for statement in sequences:
                    cursor.execute(statement)
    return counts
