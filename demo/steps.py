"""The demo road's steps 4-13: each milestone is a list of moves (who, code, id, data), and every move
runs through the one mapping from code to service (workflow.actions), as a page or the API would."""
from lab.services import ReceptionLine
from workflow.actions import play
from workflow.states import InstrumentState


def submit(users, order):
    play([(order.created_by, "order.submit", order.pk, {})])


def validate(users, order):
    play([(users["cs"], "order.validate", order.pk, {"note": "Data alat lengkap."})])


def approve_tariff(users, order):
    play([(users["ketua_pji"], "order.approve_tariff", order.pk, {})])


def accept_price(users, order):
    play([(order.created_by, "order.accept_price", order.pk, {})])


def issue_billing(users, order):
    play([(users["bendahara"], "order.issue_billing", order.pk, {})])


def upload_proof(users, order):
    from demo.road import proof_upload

    play([(order.created_by, "order.submit_payment", order.pk, {"proof": proof_upload()})])


def accept_payment(users, order):
    play([(users["bendahara"], "order.accept_payment", order.pk, demo_receipt(order))])


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
    play([(users["cs"], "order.receive", order.pk, {"lines": lines, "delivered_by": "Kurir perusahaan"})])


def assign(users, order):
    moves = []
    for inst in order.instruments.filter(state=InstrumentState.RECEIVED).select_related("laboratory"):
        analyst = _analyst_for(users, inst)
        moves.append((_supervisor_for(users, inst), "instrument.assign", inst.pk,
                      {"analysts": {p.pk: analyst.pk for p in inst.parameters.all()}}))
    play(moves)


def approve_assignment(users, order):
    play([(users["mt"], "instrument.approve_assignment", inst.pk, {})
          for inst in order.instruments.filter(state=InstrumentState.ASSIGNED)])
