"""Orders and audit entries at fixed moments, for figures that can be checked by hand."""
from datetime import datetime

from catalog.models import InstrumentType
from orders.models import Instrument, Order
from workflow.models import AuditEntry
from workflow.table import rows_for
from workflow.worktime import WIB


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def plain_order(users, created_at, customer="pelanggan", instruments=1, state="SUBMITTED", laboratory=None):
    user = users[customer]
    order = Order.objects.create(company=user.company, created_by=user, created_at=created_at,
                                 state_entered_at=created_at, state=state)
    itype = InstrumentType.objects.get(name="Neraca analitik")
    tariff = itype.current_tariff() or itype.tariffs.first()
    for n in range(instruments):
        Instrument.objects.create(order=order, position=n + 1, instrument_type=itype, tariff=tariff, brand="Uji",
                                  serial_number=f"S{order.pk}-{n}", capacity="220 g", tariff_unit=tariff.unit,
                                  unit_price=tariff.amount, amount=tariff.amount, state_entered_at=created_at,
                                  laboratory=laboratory or itype.laboratory)
    return order


def entry(code, at, actor, order=None, instrument=None):
    """An audit entry of the transition `code`, as the engine writes it, at a fixed moment: with the
    office minutes since the item's previous transition (or the order's creation for its first)."""
    from workflow.worktime import OfficeCalendar

    row = rows_for(code)[0]
    order = order or (instrument.order if instrument else None)
    item = instrument if row.subject == "instrument" else order
    previous = (AuditEntry.objects.filter(subject=row.subject, object_id=item.pk).exclude(to_state="")
                .order_by("-at", "-id").values_list("at", flat=True).first())
    start = previous or order.created_at  # an item of an order waited since the order was made
    minutes = OfficeCalendar().office_minutes_between(start, at) if start is not None else None
    return AuditEntry.objects.create(
        at=at, actor=actor, role=row.actor, code=code, step=row.step, subject=row.subject, object_id=item.pk,
        order=order, instrument=instrument, office_minutes=minutes,
        from_state=row.sources[0] if row.sources else "", to_state=row.target)


def paid(order, at, amount=None, ntpn=None, user=None):
    """A billing of the order and its payment (by the state billing system when `ntpn` is given)."""
    from datetime import timedelta

    from billing.models import Billing, BillingStatus, Payment, PaymentMethod

    amount = amount if amount is not None else sum(i.effective_amount for i in order.instruments.all())
    billing = Billing.objects.create(order=order, code=f"8{order.pk:014d}", amount=amount, status=BillingStatus.PAID,
                                     created_at=at - timedelta(days=1), expires_at=at + timedelta(days=6),
                                     created_by=user or order.created_by)
    return Payment.objects.create(billing=billing, order=order, amount=amount, ntpn=ntpn, paid_at=at,
                                  method=PaymentMethod.STATE_BILLING if ntpn else PaymentMethod.PROOF)


def surveyed(order, at, score=4):
    from survey.models import ELEMENT_FIELDS, SurveyResponse

    return SurveyResponse.objects.create(order=order, respondent=order.created_by, submitted_at=at,
                                         comment="Cepat.", **{f: score for f in ELEMENT_FIELDS})
