"""The demo road's steps 4-13, each done through the real service as the demo account of its role."""
from billing import services as billing
from lab import services as lab
from lab.services import ReceptionLine
from orders import services as orders
from workflow.states import InstrumentState


def submit(users, order):
    orders.submit_order(order.created_by, order.pk)


def validate(users, order):
    orders.validate_order(users["cs"], order.pk, note="Data alat lengkap.")


def approve_tariff(users, order):
    orders.approve_tariff(users["ketua_pji"], order.pk)


def accept_price(users, order):
    orders.accept_price(order.created_by, order.pk)


def issue_billing(users, order):
    billing.issue_billing(users["bendahara"], order.pk)


def upload_proof(users, order):
    from demo.road import proof_upload

    billing.submit_payment_proof(order.created_by, order.pk, proof_upload())


def accept_payment(users, order):
    billing.accept_payment(users["bendahara"], order.pk, **demo_receipt(order))


def demo_receipt(order) -> dict:
    """What the treasurer reads off the demo BPN: an NTPN made from the billing code, paid now at BRI."""
    import hashlib

    from django.utils import timezone

    code = order.billings.order_by("-created_at").values_list("code", flat=True).first() or str(order.pk)
    return {"ntpn": hashlib.sha256(code.encode()).hexdigest()[:16].upper(), "paid_at": timezone.now(), "bank": "BRI"}


def _supervisor_for(users, instrument):
    return users["penyelia"] if instrument.laboratory.code == "mass-volume" else users["penyelia2"]


def _analyst_for(users, instrument):
    return users["analis"] if instrument.laboratory.code == "mass-volume" else users["analis2"]


def receive(users, order):
    lines = [
        ReceptionLine(i.pk, True, condition="Baik, tersegel", accessories="Kotak, kabel daya",
                      laboratory_id=i.laboratory_id, supervisor_id=_supervisor_for(users, i).pk)
        for i in order.instruments.select_related("laboratory")
    ]
    lab.receive_order(users["cs"], order.pk, lines, delivered_by="Kurir perusahaan")


def assign(users, order):
    for inst in order.instruments.filter(state=InstrumentState.RECEIVED).select_related("laboratory"):
        analyst = _analyst_for(users, inst)
        lab.assign_analysts(_supervisor_for(users, inst), inst.pk, {p.pk: analyst.pk for p in inst.parameters.all()})


def approve_assignment(users, order):
    for inst in order.instruments.filter(state=InstrumentState.ASSIGNED):
        lab.approve_assignment(users["mt"], inst.pk)
