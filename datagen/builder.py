"""One generated order: its rows from the draft to its target state, made as the services would have
made them (same states, numbers, documents and audit entries), without going through the services.

Each step moves a clock forward; the rows carry the clock's time, so SLA clocks, inboxes and
timelines look like those of a real office.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from accounts.roles import SYSTEM, Role
from billing.models import (Billing, BillingLine, BillingStatus, Payment, PaymentMethod, PaymentProof, ProofStatus,
                            RefundRequest)
from catalog.models import TariffUnit
from certificates.models import Report, ReportStatus
from datagen.store import new
from datagen.plan import LAB_STATES, PAID_BY_STATE_BILLING, REJECTED_AT_RECEPTION
from lab.models import Parameter, Reception
from orders.models import Instrument, Order
from results.demo import DEMO_POINTS, FALLBACK_POINTS
from results.models import CalibrationPoint, ResultSheet
from survey.models import ELEMENT_FIELDS, SurveyResponse
from workflow.models import AuditEntry
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O
from workflow.table import rows_for

PROOF_NAME = "proofs/generated/bukti-bayar.pdf"
BRANDS = [("Mettler Toledo", "XS205"), ("Sartorius", "Quintix"), ("Ohaus", "Pioneer"), ("Fluke", "1523"),
          ("Wika", "CPG500"), ("Omega", "HH802"), ("Brand", "BLAUBRAND"), ("Shimadzu", "AUW220")]
# Order states in the order the SOP reaches them, up to payment.
ROAD_TO_BILLING = [("order.submit", O.SUBMITTED), ("order.validate", O.VALIDATED),
                   ("order.approve_tariff", O.PRICED), ("order.accept_price", O.BILLING_REQUESTED),
                   ("order.issue_billing", O.AWAITING_PAYMENT)]
AFTER_LAB = [("order.results_ready", O.RESULTS_READY), ("order.number_reports", O.NUMBERED),
             ("order.request_signature", O.AWAITING_SIGNATURE), ("order.sign", O.SIGNED),
             ("order.forward", O.FORWARDED), ("order.fill_survey", O.SURVEYED), ("order.complete", O.COMPLETED)]
CANCELLABLE = [O.SUBMITTED, O.VALIDATED, O.PRICED, O.BILLING_REQUESTED, O.AWAITING_PAYMENT]
LAB_ORDER = [I.RECEIVED, I.ASSIGNED, I.IN_CALIBRATION, I.RESULTS_ENTERED, I.VERIFIED, I.VALIDATED]
LAB_STEPS = {  # instrument state reached -> (transition, acting role)
    I.ASSIGNED: ("instrument.assign", Role.PENYELIA), I.IN_CALIBRATION: ("instrument.approve_assignment", Role.MT),
    I.RESULTS_ENTERED: ("instrument.submit_results", Role.ANALIS), I.VERIFIED: ("instrument.verify", Role.PENYELIA),
    I.VALIDATED: ("instrument.validate", Role.MT),
}
_STEPS: dict[str, int | None] = {}


def step_of(code: str) -> int | None:
    """The SOP step of a code's row (None for a branch or another lifecycle's row)."""
    if code not in _STEPS:
        _STEPS[code] = rows_for(code)[0].step
    return _STEPS[code]


class OrderStory:
    """Builds one order's rows into `ctx.rows`; `ctx` holds the rng, clock limits, staff and numbers."""

    def __init__(self, ctx, company, customer, target: str, start):
        self.ctx, self.rng, self.rows = ctx, ctx.rng, ctx.rows
        self.company, self.customer, self.target = company, customer, target
        self.t = start
        self.order = self.rows.add(new(Order, company_id=company.pk, created_by_id=customer.pk, state=O.DRAFT,
                                         unit_id=self.ctx.unit_id, created_at=start, state_entered_at=start,
                                         notes=self.rng.choice(["", "", "Mohon sertifikat dalam dua bahasa."])))
        self.instruments = [self._instrument(n) for n in range(1, self.rng.choice(ctx.instrument_counts) + 1)]
        self.billing = None

    # --- the clock ---
    def tick(self, low_minutes: float, high_minutes: float):
        """Move the clock on; an order still under way never reaches the present."""
        step = timedelta(minutes=self.rng.uniform(low_minutes, high_minutes))
        self.t += min(step, (self.ctx.now - self.t) / 3)
        return self.t

    # --- rows ---
    def _instrument(self, position: int) -> Instrument:
        itype, tariff = self.rng.choice(self.ctx.priced_types)
        units = self.rng.randint(1, 4) if tariff.unit == TariffUnit.POINT else 1
        brand, model = self.rng.choice(BRANDS)
        return self.rows.add(new(Instrument,
            order_id=self.order.pk, position=position, instrument_type_id=itype.pk, tariff_id=tariff.pk, brand=brand,
            model=model, serial_number=f"SN{self.rng.randint(100000, 999999)}-{position}",
            capacity=itype.range_label or "0-100", resolution="0,01", points="0, 50, 100",
            tariff_unit=tariff.unit, units=units, unit_price=tariff.amount, amount=tariff.amount * units,
            laboratory_id=self.ctx.lab_of.get(itype.pk, itype.laboratory_id), state=I.AWAITING_RECEPTION, state_entered_at=self.order.created_at))

    def audit(self, code, actor, obj, to_state, *, role=None, note="", data=None):
        """`obj` (the order, an instrument, a billing, a proof, a report...) moves to `to_state` along
        `code`, recorded as the engine's `apply` records it: the subject and the item's id, the order for
        the timeline, and for a subject with a clock the office minutes it spent in the state it leaves
        (its `state_entered_at` moves on; `due_at` is stamped before the rows are written)."""
        subject = self.ctx.subjects[type(obj)]
        values = obj.__dict__
        from_state, minutes = values[subject.state_field], None
        if subject.clock:
            if from_state and obj.state_entered_at is not None:
                # on the order's unit's calendar, as the engine measures a step
                minutes = self.ctx.calendars[self.order.unit_id].office_minutes_between(obj.state_entered_at, self.t)
            obj.state_entered_at = self.t
        values[subject.state_field] = to_state
        self._entry(code, actor, role or (SYSTEM if actor is None else ""), subject, obj, note, data,
                    from_state=from_state, to_state=to_state, step=step_of(code), office_minutes=minutes)

    def created(self, code, actor, obj, *, note="", data=None):
        """The creation of a document in its lifecycle (a row with no source state), recorded as the
        engine's `create` records it: from no state to the row's target, with no duration."""
        subject = self.ctx.subjects[type(obj)]
        row = rows_for(code)[0]
        role = row.actor if actor is not None else SYSTEM
        self._entry(code, actor, role, subject, obj, note, data, from_state="", to_state=row.target)

    def _entry(self, code, actor, role, subject, obj, note, data, **values):
        values["order_id"], values["unit_id"] = self.order.pk, self.order.unit_id
        if subject.audit_fk:  # the entry's own foreign key to the item (the order, an instrument)
            values[f"{subject.audit_fk}_id"] = obj.pk
        self.rows.add(new(AuditEntry,
            at=self.t, actor_id=actor.pk if actor else None, role=role, code=code, subject=subject.name,
            object_id=obj.pk, note=note, data=data or {}, **values))

    def move(self, code, to_state, actor, role, **kw):
        self.audit(code, actor, self.order, to_state, role=role, **kw)

    @property
    def total(self) -> int:
        return sum(i.effective_amount for i in self.instruments)

    # --- the story ---
    def build(self) -> Order:
        staff, target = self.ctx.staff, self.target
        if target == O.DRAFT:
            return self.order
        cancel_at = self.rng.choice(CANCELLABLE) if target == O.CANCELLED else None
        actors = {"order.submit": (self.customer, Role.PELANGGAN), "order.validate": (staff.cs, Role.CS),
                  "order.approve_tariff": (staff.ketua_pji, Role.KETUA_PJI),
                  "order.accept_price": (self.customer, Role.PELANGGAN),
                  "order.issue_billing": (staff.bendahara, Role.BENDAHARA)}
        for code, state in ROAD_TO_BILLING:
            self.tick(10, 600)
            if code == "order.validate":
                self.order.number = self.ctx.numbers.take("order", self.t)
            if code == "order.issue_billing":
                self._issue_billing()
            data = {"total": self.total}
            if code == "order.validate":
                data = {"number": self.order.number}
            elif code == "order.issue_billing":
                data = {"billing": self.billing.code, "amount": self.billing.amount}
            self.move(code, state, *actors[code], data=data)
            if code == "order.issue_billing":
                self.created("billing.issue", staff.bendahara, self.billing, data=data)
            if state == target or state == cancel_at:
                break
        if cancel_at:
            return self._cancel()
        if self.order.state == target:
            return self.order
        if target == O.BILLING_EXPIRED:
            self.t = self.billing.expires_at
            self.move("order.expire_billing", O.BILLING_EXPIRED, None, SYSTEM, data={"billing": self.billing.code})
            self.audit("billing.expire", None, self.billing, BillingStatus.EXPIRED, data={"billing": self.billing.code})
            return self.order
        self._pay()
        if self.order.state == target:
            return self.order
        self._receive()
        if self.order.state == O.RETURNED:  # every instrument refused at the counter
            return self.order
        self._laboratory()
        if self.order.state == O.IN_LAB:
            return self.order
        return self._report()

    def _issue_billing(self):
        company, now = self.company, self.t
        self.billing = self.rows.add(new(Billing,
            order_id=self.order.pk, code=self.ctx.numbers.take("billing", now), amount=self.total, created_at=now,
            expires_at=now + timedelta(days=7), created_by_id=self.ctx.staff.bendahara.pk, gateway="builtin",
            payer_name=company.name[:200], payer_npwp=company.npwp, payer_nik=self.customer.nik,
            satker_code=self.ctx.satker, account_code=self.ctx.account_code))
        for n, inst in enumerate(self.instruments, 1):
            self.rows.add(new(BillingLine,
                billing_id=self.billing.pk, position=n, tariff_code=self.ctx.tariff_codes[inst.tariff_id],
                description=f"{self.ctx.type_names[inst.instrument_type_id]} {inst.brand} SN {inst.serial_number}"[:300],
                volume=inst.units, unit=str(TariffUnit(inst.tariff_unit).label), amount=inst.effective_amount))

    def _cancel(self) -> Order:
        self.tick(30, 2880)
        by_customer = self.rng.random() < 0.5 or self.order.state == O.DRAFT
        actor, role = (self.customer, Role.PELANGGAN) if by_customer else (self.ctx.staff.cs, Role.CS)
        reason = "Alat dibutuhkan untuk produksi." if by_customer else "Pelanggan tidak melanjutkan."
        self.order.cancel_reason = reason
        self.move("order.cancel", O.CANCELLED, actor, role, note=reason)
        if self.billing is not None and self.billing.status == BillingStatus.UNPAID:
            self.audit("billing.cancel_with_order", None, self.billing, BillingStatus.CANCELLED,
                       data={"billing": self.billing.code})
        return self.order

    def _pay(self):
        staff, billing = self.ctx.staff, self.billing
        self.tick(60, 4320)
        if self.target != O.PAYMENT_SUBMITTED and self.rng.random() < PAID_BY_STATE_BILLING:
            payment = self.rows.add(new(Payment,
                billing_id=billing.pk, order_id=self.order.pk, method=PaymentMethod.STATE_BILLING,
                amount=billing.amount, ntpn=secrets.token_hex(8).upper(), ntb=str(self.rng.randint(10**11, 10**12)),
                bank="Bank Persepsi", channel="TELLER", paid_at=self.t))
            self.move("order.paid_by_state_billing", O.PAID, None, SYSTEM,
                      data={"billing": billing.code, "amount": billing.amount, "ntpn": payment.ntpn, "ntb": payment.ntb,
                            "bank": payment.bank, "channel": payment.channel})
            self.audit("billing.paid_by_state_billing", None, billing, BillingStatus.PAID,
                       data={"billing": billing.code, "ntpn": payment.ntpn})
            return
        proof = self.rows.add(new(PaymentProof,
            order_id=self.order.pk, billing_id=billing.pk, file=PROOF_NAME, stored_name="bukti-bayar.pdf",
            original_name="bukti-bayar.pdf", content_type="application/pdf", size=self.ctx.proof_size,
            uploaded_by_id=self.customer.pk, uploaded_at=self.t))
        self.move("order.submit_payment", O.PAYMENT_SUBMITTED, self.customer, Role.PELANGGAN,
                  data={"proof": proof.pk, "billing": billing.code})
        self.created("payment_proof.upload", self.customer, proof, data={"proof": proof.pk, "billing": billing.code})
        if self.target == O.PAYMENT_SUBMITTED:
            return
        self.tick(15, 1440)
        proof.checked_by_id, proof.checked_at = staff.bendahara.pk, self.t
        payment = self.rows.add(new(Payment,
            billing_id=billing.pk, order_id=self.order.pk, method=PaymentMethod.PROOF, amount=billing.amount,
            paid_at=self.t, proof_id=proof.pk, recorded_by_id=staff.bendahara.pk, ntpn=secrets.token_hex(8).upper(),
            bank="Bank Persepsi"))
        self.move("order.accept_payment", O.PAID, staff.bendahara, Role.BENDAHARA,
                  data={"billing": billing.code, "amount": billing.amount, "ntpn": payment.ntpn, "bank": payment.bank,
                        "paid_at": self.t.isoformat()})
        self.audit("payment_proof.accept", staff.bendahara, proof, ProofStatus.ACCEPTED, role=Role.BENDAHARA,
                   data={"proof": proof.pk, "billing": billing.code})
        self.audit("billing.paid_by_proof", staff.bendahara, billing, BillingStatus.PAID, role=Role.BENDAHARA,
                   data={"billing": billing.code, "ntpn": payment.ntpn})

    def _receive(self):
        staff = self.ctx.staff
        self.tick(60, 4320)
        reception = self.rows.add(new(Reception, order_id=self.order.pk, number=self.ctx.numbers.take("receipt", self.t),
                                            received_by_id=staff.cs.pk, received_at=self.t,
                                            delivered_by="Kurir perusahaan"))
        all_rejected = self.target == O.RETURNED
        for inst in self.instruments:
            inst.condition, inst.accessories = "Baik, tersegel", "Kotak"
            if all_rejected or self.rng.random() < REJECTED_AT_RECEPTION:
                inst.rejection_reason = "Alat rusak saat diterima."
                self.audit("instrument.reject_at_reception", staff.cs, inst, I.REJECTED, role=Role.CS,
                           note=inst.rejection_reason)
                refund = self.rows.add(new(RefundRequest, order_id=self.order.pk, instrument_id=inst.pk,
                                           created_at=self.t, amount=inst.effective_amount, reason=inst.rejection_reason))
                self.created("refund.request", None, refund,
                             data={"refund": refund.pk, "amount": refund.amount, "instrument": inst.pk})
                continue
            inst.supervisor = self.rng.choice(staff.supervisors[inst.laboratory_id])
            inst.sample_id, inst.received_at = self.ctx.numbers.take("sample", self.t), self.t
            self.audit("instrument.receive", staff.cs, inst, I.RECEIVED, role=Role.CS,
                       data={"sample_id": inst.sample_id})
            analyst = self.rng.choice(staff.analysts[inst.laboratory_id])
            inst.params = [self.rows.add(new(Parameter, instrument_id=inst.pk, name=name, analyst_id=None))
                           for name in self.ctx.parameter_names[inst.instrument_type_id]]
            inst.analyst = analyst
        self.move("order.receive", O.IN_LAB, staff.cs, Role.CS, data={"receipt": reception.number})
        if all(i.state == I.REJECTED for i in self.instruments):
            self.move("order.all_rejected", O.RETURNED, None, SYSTEM)

    def _laboratory(self):
        staff = self.ctx.staff
        live = [i for i in self.instruments if i.state != I.REJECTED]
        if self.target == O.IN_LAB:
            goals = {i.pk: self.rng.choice(LAB_STATES) for i in live}
            if all(goals[i.pk] == I.VALIDATED for i in live):
                goals[live[0].pk] = I.RESULTS_ENTERED
        else:
            goals = {i.pk: I.VALIDATED for i in live}
        start, finished = self.t, self.t
        for inst in live:
            self.t = start
            for state in LAB_ORDER[1:LAB_ORDER.index(goals[inst.pk]) + 1]:
                code, role = LAB_STEPS[state]
                self.tick(30, 2880)
                actor = {Role.PENYELIA: inst.supervisor, Role.MT: staff.mt, Role.ANALIS: inst.analyst}[role]
                if state == I.ASSIGNED:
                    for param in inst.params:
                        param.analyst_id = inst.analyst.pk
                if state == I.RESULTS_ENTERED:
                    self._results(inst)
                if state == I.VERIFIED:
                    inst.sheet.verified_at, inst.sheet.verified_by_id = self.t, actor.pk
                if state == I.VALIDATED:
                    inst.sheet.validated_at, inst.sheet.validated_by_id = self.t, actor.pk
                self.audit(code, actor, inst, state, role=role)
            finished = max(finished, self.t)
        self.t = finished
        if self.target != O.IN_LAB:
            self.move("order.results_ready", O.RESULTS_READY, None, SYSTEM)

    def _results(self, inst):
        analyst = inst.analyst
        method = _method_of(self.ctx, inst)
        inst.sheet = self.rows.add(new(ResultSheet,
            instrument_id=inst.pk, calibration_date=self.t.date(), temperature="20.3", humidity="55",
            method_id=method.method.pk if method.method else None, resolution=method.resolution,
            updated_at=self.t, updated_by_id=analyst.pk, first_submitted_at=self.t, submitted_at=self.t,
            submitted_by_id=analyst.pk))
        unit_guess = (inst.capacity.split() or ["g"])[-1][:20]
        for param in inst.params:
            for n, (nominal, readings, unit) in enumerate(DEMO_POINTS.get(param.name, FALLBACK_POINTS), 1):
                values = method.computed(nominal, readings, unit or unit_guess)
                self.rows.add(new(CalibrationPoint,
                    parameter_id=param.pk, position=n, entered_by_id=analyst.pk, updated_at=self.t, **values))

    def _report(self) -> Order:
        staff, target = self.ctx.staff, self.target
        if self.order.state == target:
            return self.order
        validated = [i for i in self.instruments if i.state == I.VALIDATED]
        reports = []
        for code, state in AFTER_LAB[1:]:
            self.tick(20, 2880)
            actor, role = {
                "order.number_reports": (staff.ketua_pji, Role.KETUA_PJI),
                "order.request_signature": (staff.cs, Role.CS), "order.sign": (staff.kepala_balai, Role.KEPALA_BALAI),
                "order.forward": (staff.cs, Role.CS), "order.fill_survey": (self.customer, Role.PELANGGAN),
                "order.complete": (self.customer, Role.PELANGGAN)}[code]
            data = {}
            if code == "order.number_reports":
                reports = [self.rows.add(new(Report,
                    order_id=self.order.pk, instrument_id=inst.pk, number=self.ctx.numbers.take("report", self.t),
                    token=secrets.token_urlsafe(24), numbered_at=self.t, numbered_by_id=actor.pk))
                    for inst in validated]
                for report in reports:
                    self.created("report.number", actor, report, note=f"E-LHU {report.number}",
                                 data={"report": report.number})
                data = {"reports": [r.number for r in reports]}
            elif code == "order.request_signature":
                self.order.signer_id = staff.kepala_balai.pk
                data = {"signer": staff.kepala_balai.username}
            elif code == "order.sign":
                for report in reports:  # marked signed; no PDF is rendered for generated data
                    report.signer_id, report.signed_at = actor.pk, self.t
                    self.audit("report.sign", actor, report, ReportStatus.SIGNED, role=role,
                               note=f"E-LHU {report.number}", data={"report": report.number})
                data = {"reports": [r.number for r in reports]}
            elif code == "order.fill_survey":
                scores = {f: self.rng.choice([3, 4, 4, 4]) for f in ELEMENT_FIELDS}
                self.rows.add(new(SurveyResponse, order_id=self.order.pk, respondent_id=self.customer.pk,
                                             submitted_at=self.t, comment="", **scores))
            self.move(code, state, actor, role, data=data)
            if state == target:
                break
        return self.order


class _TypeMethod:
    """The method a generated instrument type is calibrated with, and its points computed once each, as
    the results grid computes them (the correction and U are never invented)."""

    def __init__(self, inst):
        from results.demo import demo_method

        self.method, self.standards, self.resolution = demo_method(inst)
        self.components = list(self.method.components.all()) if self.method else []
        self.inst, self.cache = inst, {}

    def computed(self, nominal: str, readings: str, unit: str) -> dict:
        key = (nominal, readings, unit)
        if key not in self.cache:
            from results.computation import SheetContext, derive

            values = {"nominal": nominal, "readings": [r.strip() for r in readings.split(";")], "unit": unit,
                      "correction": "", "expanded_uncertainty": "", "coverage_factor": "2", "stage": ""}
            derive(values, SheetContext(method=self.method, components=self.components, standards=self.standards,
                                        resolution=self.resolution))
            values.pop("stage")
            self.cache[key] = values
        return dict(self.cache[key])


def _method_of(ctx, inst) -> _TypeMethod:
    cache = ctx.__dict__.setdefault("type_methods", {})
    if inst.instrument_type_id not in cache:
        cache[inst.instrument_type_id] = _TypeMethod(inst)
    return cache[inst.instrument_type_id]
