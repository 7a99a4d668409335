"""Helpers shared by the foundation's tests (steps 1-13): valid identity numbers, audit look-ups,
messages of a response, small valid documents."""
from __future__ import annotations

import io

from django.contrib.messages import get_messages
from PIL import Image
from stdnum import luhn

from workflow.models import AuditEntry

NIK = "3171011501850003"  # Jakarta Pusat, born 15-01-1985: valid for stdnum.id.nik


def valid_npwp(serial: int = 1) -> str:
    """A 15-digit NPWP whose first nine digits pass the Luhn check (as stdnum.id.npwp wants)."""
    base = f"{serial:08d}"
    return base + luhn.calc_check_digit(base) + "000000"


def audit_of(code, **where) -> AuditEntry:
    """The one audit entry of `code` matching `where` (e.g. order=..., instrument=...)."""
    entries = list(AuditEntry.objects.filter(code=code, **where))
    assert len(entries) == 1, f"expected one audit entry {code} {where}, found {len(entries)}"
    return entries[0]


def assert_audit(code, *, actor, role, step, from_state, to_state, **where) -> AuditEntry:
    entry = audit_of(code, **where)
    assert (entry.actor, entry.role, entry.step, entry.from_state, entry.to_state) == (
        actor, str(role), step, str(from_state), str(to_state)), entry.__dict__
    return entry


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def image_bytes(fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def bpn(ntpn: str, bank: str = "BRI") -> dict:
    """The treasurer's acceptance form as filled in from a state receipt (BPN) paid just now."""
    from django.utils import timezone

    return {"ntpn": ntpn, "bank": bank, "paid_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}


def order_lockable_elsewhere(order_id) -> bool:
    """Whether another connection can lock the order row right now without waiting (PostgreSQL): the
    proof that the code under test holds no lock on it at that moment."""
    import threading

    from django.db import connection, transaction

    from orders.models import Order

    outcome = []

    def probe():
        try:
            with transaction.atomic():
                outcome.append(Order.objects.select_for_update(nowait=True).filter(pk=order_id).exists())
        except Exception as exc:  # noqa: BLE001 - a lock held elsewhere answers with an error
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=20)
    return outcome == [True]
