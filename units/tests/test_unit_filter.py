"""The unit filter built from each subject's path to its order (workflow.registry.unit_q): for every
registered subject that belongs to an order, filtering its model by one unit keeps that unit's items only."""
from datetime import timedelta

import pytest
from django.utils import timezone

from units.current import default_unit
from units.models import Unit
from workflow.registry import SUBJECTS, subject, unit_q

# Subjects whose items are too costly to make here (none today); each one named with its reason.
EXPENSIVE: dict[str, str] = {}


def _items(order, users, tag):
    """One item of every subject of `order`, made directly (their state is the model's initial one)."""
    from billing.models import Billing, PaymentProof, RefundRequest
    from certificates.models import Report, ReportChange
    from complaints.models import Complaint

    cs, customer = users["cs"], order.created_by
    instrument = order.instruments.order_by("pk").first()
    billing = Billing.objects.create(order=order, code=f"82000{tag}", amount=1000, created_by=cs,
                                     expires_at=timezone.now() + timedelta(days=7))
    report = Report.objects.create(order=order, instrument=instrument, number=f"{tag}/LHU", numbered_by=cs)
    return {
        "order": order,
        "instrument": instrument,
        "billing": billing,
        "payment_proof": PaymentProof.objects.create(
            order=order, billing=billing, file=f"proofs/{tag}.pdf", stored_name=f"{tag}.pdf",
            original_name="bukti.pdf", content_type="application/pdf", size=10, uploaded_by=customer),
        "refund": RefundRequest.objects.create(order=order, instrument=instrument, amount=0, reason="Ditolak"),
        "report": report,
        "report_change": ReportChange.objects.create(report=report, kind="REVOCATION", reason="Salah",
                                                     requested_by=cs),
        "complaint": Complaint.objects.create(order=order, company=order.company, raised_by=customer,
                                              subject="Lama", description="Terlalu lama"),
    }


def test_the_unit_path_goes_through_the_order():
    assert subject("order").unit_path() == "unit"
    assert subject("instrument").unit_path() == "order__unit"
    assert subject("report_change").unit_path() == "report__order__unit"
    assert subject("account").unit_path() is None
    with pytest.raises(ValueError):
        unit_q("account", [1])


@pytest.mark.django_db
def test_each_subject_filtered_by_unit_keeps_only_that_units_items(users, order_at):
    home = default_unit()
    other = Unit.objects.create(code="bbk-makassar", name="Balai Besar Makassar", short_name="BBK Makassar",
                                time_zone="Asia/Makassar", office_start="08:00", office_end="16:30")
    first, second = order_at(), order_at(customer="pelanggan2")
    second.__class__.objects.filter(pk=second.pk).update(unit=other)
    assert first.unit_id == home.pk
    mine, theirs = _items(first, users, "1"), _items(second, users, "2")

    with_order = {name for name, s in SUBJECTS.items() if s.unit_path() is not None}
    assert with_order - set(EXPENSIVE) == set(mine), "give each new subject an item here, or a reason in EXPENSIVE"
    for name in sorted(set(mine)):
        model, path = SUBJECTS[name].model_class(), SUBJECTS[name].order_path or "pk"

        def pks(q):
            return set(model.objects.filter(q).values_list("pk", flat=True))

        of_first = set(model.objects.filter(**{path: first.pk}).values_list("pk", flat=True))
        of_second = set(model.objects.filter(**{path: second.pk}).values_list("pk", flat=True))
        assert mine[name].pk in of_first and theirs[name].pk in of_second, name
        assert pks(unit_q(name, [home.pk])) == of_first, name
        assert pks(unit_q(name, [other.pk])) == of_second, name
        assert pks(unit_q(name, [home.pk, other.pk])) == of_first | of_second, name
        assert pks(unit_q(name, [])) == set(), name
