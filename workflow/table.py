"""The SOP as data: one row per SOP step and one per branch the SOP implies.

Permissions, inboxes, SLA clocks, the timeline, notifications and `manage.py sop` all read this
table. No other module decides which state may follow which.
"""
from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import SYSTEM, Role
from workflow.states import AccountState as A
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O


@dataclass(frozen=True)
class Transition:
    code: str  # what is done, e.g. "order.validate"; two rows share a code when two roles may do it
    subject: str  # "account", "order" or "instrument"
    step: int | None  # SOP step number; None for a branch
    actor: str  # a Role code or SYSTEM
    sources: tuple[str, ...]
    target: str
    norm_minutes: int | None
    norm_working_days: int | None
    name_id: str
    name_en: str
    in_inbox: bool = False  # whether an item in a source state waits in the actor's inbox

    @property
    def is_branch(self) -> bool:
        return self.step is None

    @property
    def customer_step(self) -> bool:
        return self.actor == Role.PELANGGAN

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "subject": self.subject,
            "step": self.step,
            "actor": self.actor,
            "from": list(self.sources),
            "to": self.target,
            "norm_minutes": self.norm_minutes,
            "norm_working_days": self.norm_working_days,
            "name_id": self.name_id,
            "name_en": self.name_en,
            "in_inbox": self.in_inbox,
        }


def _row(code, subject, step, actor, sources, target, minutes, days, name_id, name_en, inbox=None):
    """A row; SOP steps put their items in the actor's inbox, branches only where `inbox` says."""
    return Transition(
        code, subject, step, str(actor), tuple(str(s) for s in sources), str(target),
        minutes, days, name_id, name_en, step is not None if inbox is None else inbox,
    )


P, ADM, CS, KPJI, BEND, PNY, MT, AN, KB = (
    Role.PELANGGAN, Role.ADMIN, Role.CS, Role.KETUA_PJI, Role.BENDAHARA,
    Role.PENYELIA, Role.MT, Role.ANALIS, Role.KEPALA_BALAI,
)
BEFORE_PAYMENT = (O.DRAFT, O.SUBMITTED, O.VALIDATED, O.PRICED, O.BILLING_REQUESTED,
                  O.AWAITING_PAYMENT, O.BILLING_EXPIRED)

TRANSITIONS: tuple[Transition, ...] = (
    # --- the account (steps 1-3) ---
    _row("account.visit", "account", 1, P, (), A.ON_WEBSITE, 30, None,
         "Membuka situs SIPPT", "Opens the SIPPT site"),
    _row("account.register", "account", 2, P, (A.ON_WEBSITE,), A.AWAITING_ACTIVATION, 30, None,
         "Mendaftar akun", "Registers an account"),
    _row("account.activate", "account", 3, ADM, (A.AWAITING_ACTIVATION,), A.ACTIVE, 10, None,
         "Mengaktifkan akun pelanggan", "Activates the customer account"),
    _row("account.refuse", "account", None, ADM, (A.AWAITING_ACTIVATION,), A.REFUSED, None, None,
         "Menolak akun (dengan alasan)", "Refuses the account (with a reason)"),
    _row("account.join_by_invitation", "account", None, P, (A.ON_WEBSITE,), A.ACTIVE, None, None,
         "Bergabung melalui undangan perusahaan (tanpa aktivasi kedua)",
         "Joins through the company's invitation (no second activation)"),
    _row("account.member_removed", "account", None, P, (A.ACTIVE,), A.DEACTIVATED, None, None,
         "Anggota dikeluarkan oleh pengelola perusahaan", "Member removed by the company's account owner"),
    _row("account.deactivate", "account", None, ADM, (A.ACTIVE,), A.DEACTIVATED, None, None,
         "Menonaktifkan akun (dengan alasan)", "Deactivates the account (with a reason)"),
    _row("account.reactivate", "account", None, ADM, (A.DEACTIVATED,), A.ACTIVE, None, None,
         "Mengaktifkan kembali akun (dengan alasan)", "Reactivates the account (with a reason)"),
    # --- the order: from the customer to payment (steps 4-10) ---
    _row("order.submit", "order", 4, P, (O.DRAFT,), O.SUBMITTED, 30, None,
         "Mengajukan permohonan", "Submits the order"),
    _row("order.validate", "order", 5, CS, (O.SUBMITTED,), O.VALIDATED, 10, None,
         "Memeriksa, memvalidasi dan memberi nomor order", "Checks, validates and numbers the order"),
    _row("order.return_to_customer", "order", None, CS, (O.SUBMITTED,), O.DRAFT, None, None,
         "Mengembalikan permohonan ke pelanggan untuk diperbaiki (dengan alasan)",
         "Returns the order to the customer for correction (with a reason)"),
    _row("order.approve_tariff", "order", 6, KPJI, (O.VALIDATED,), O.PRICED, 10, None,
         "Menyetujui tarif", "Approves the tariff"),
    _row("order.accept_price", "order", 7, P, (O.PRICED,), O.BILLING_REQUESTED, 10, None,
         "Menyetujui harga dan meminta e-billing", "Accepts the price and requests e-billing"),
    _row("order.reject_price", "order", None, P, (O.PRICED,), O.SUBMITTED, None, None,
         "Menolak harga (kembali ke CS dengan alasan)", "Rejects the price (back to CS with a reason)"),
    _row("order.issue_billing", "order", 8, BEND, (O.BILLING_REQUESTED,), O.AWAITING_PAYMENT, 15, None,
         "Membuat e-billing", "Creates the e-billing"),
    _row("order.submit_payment", "order", 9, P, (O.AWAITING_PAYMENT,), O.PAYMENT_SUBMITTED, None, None,
         "Membayar dan mengunggah bukti bayar", "Pays and uploads the proof of payment"),
    _row("order.paid_by_state_billing", "order", None, SYSTEM, (O.AWAITING_PAYMENT, O.PAYMENT_SUBMITTED),
         O.PAID, None, None, "Lunas otomatis dari SIMPONI (NTPN)", "Paid automatically by SIMPONI (NTPN)"),
    _row("order.expire_billing", "order", None, SYSTEM, (O.AWAITING_PAYMENT,), O.BILLING_EXPIRED, None, None,
         "E-billing kedaluwarsa", "The e-billing expires"),
    _row("order.reissue_billing", "order", None, BEND, (O.BILLING_EXPIRED,), O.AWAITING_PAYMENT, None, None,
         "Menerbitkan ulang e-billing", "Re-issues the e-billing", inbox=True),
    _row("order.accept_payment", "order", 10, BEND, (O.PAYMENT_SUBMITTED,), O.PAID, 15, None,
         "Memeriksa dan menerima bukti bayar", "Checks and accepts the proof of payment"),
    _row("order.reject_payment", "order", None, BEND, (O.PAYMENT_SUBMITTED,), O.AWAITING_PAYMENT, None, None,
         "Menolak bukti bayar (kembali ke pelanggan dengan alasan)",
         "Rejects the proof of payment (back to the customer with a reason)"),
    _row("order.cancel", "order", None, P, BEFORE_PAYMENT, O.CANCELLED, None, None,
         "Membatalkan permohonan", "Cancels the order"),
    _row("order.cancel", "order", None, CS, BEFORE_PAYMENT[1:], O.CANCELLED, None, None,
         "Membatalkan permohonan", "Cancels the order"),
    # --- reception and the laboratory (steps 11-16) ---
    _row("order.receive", "order", 11, CS, (O.PAID,), O.IN_LAB, 30, None,
         "Menerima alat, membuat nomor sampel, memilih laboratorium dan penyelia",
         "Receives the instruments, numbers the samples, chooses laboratory and supervisor"),
    _row("instrument.receive", "instrument", 11, CS, (I.AWAITING_RECEPTION,), I.RECEIVED, 30, None,
         "Menerima alat", "Receives the instrument", inbox=False),  # received through the order's step 11
    _row("instrument.reject_at_reception", "instrument", None, CS, (I.AWAITING_RECEPTION,), I.REJECTED, None, None,
         "Menolak alat saat penerimaan", "Rejects the instrument at reception"),
    _row("instrument.assign", "instrument", 12, PNY, (I.RECEIVED,), I.ASSIGNED, 20, None,
         "Memeriksa alat dan memilih analis per parameter", "Checks the instrument and picks analysts per parameter"),
    _row("instrument.reject_at_check", "instrument", None, PNY, (I.RECEIVED,), I.REJECTED, None, None,
         "Menolak alat saat pemeriksaan", "Rejects the instrument at the check"),
    _row("instrument.approve_assignment", "instrument", 13, MT, (I.ASSIGNED,), I.IN_CALIBRATION, 20, None,
         "Memvalidasi parameter dan analis", "Validates parameters and analysts"),
    _row("instrument.return_assignment", "instrument", None, MT, (I.ASSIGNED,), I.RECEIVED, None, None,
         "Mengembalikan penugasan ke penyelia", "Sends the assignment back to the supervisor"),
    _row("order.all_rejected", "order", None, SYSTEM, (O.PAID, O.IN_LAB), O.RETURNED, None, None,
         "Semua alat ditolak: pesanan dikembalikan, permintaan pengembalian dana dicatat",
         "Every instrument rejected: order returned, refund request recorded"),
    _row("instrument.submit_results", "instrument", 14, AN, (I.IN_CALIBRATION,), I.RESULTS_ENTERED, None, 14,
         "Mengkalibrasi dan memasukkan hasil", "Calibrates and enters the results"),
    _row("instrument.verify", "instrument", 15, PNY, (I.RESULTS_ENTERED,), I.VERIFIED, 20, None,
         "Memverifikasi hasil", "Verifies the results"),
    _row("instrument.return_verification", "instrument", None, PNY, (I.RESULTS_ENTERED,), I.IN_CALIBRATION,
         None, None, "Mengembalikan hasil ke analis", "Sends the results back to the analyst"),
    _row("instrument.validate", "instrument", 16, MT, (I.VERIFIED,), I.VALIDATED, 20, None,
         "Memvalidasi hasil", "Validates the results"),
    _row("instrument.return_validation", "instrument", None, MT, (I.VERIFIED,), I.IN_CALIBRATION, None, None,
         "Mengembalikan hasil ke analis", "Sends the results back to the analyst"),
    _row("order.results_ready", "order", None, SYSTEM, (O.IN_LAB,), O.RESULTS_READY, None, None,
         "Semua alat selesai divalidasi", "Every instrument validated"),
    # --- the report (steps 17-22) ---
    _row("order.number_reports", "order", 17, KPJI, (O.RESULTS_READY,), O.NUMBERED, 20, None,
         "Membuat nomor E-LHU", "Generates the report (E-LHU) numbers"),
    _row("order.request_signature", "order", 18, CS, (O.NUMBERED,), O.AWAITING_SIGNATURE, 20, None,
         "Mencetak E-LHU dan meminta TTE Kepala Balai", "Prints the E-LHU and requests the head's signature"),
    _row("order.sign", "order", 19, KB, (O.AWAITING_SIGNATURE,), O.SIGNED, 30, None,
         "Menandatangani E-LHU dengan passphrase (TTE)", "Signs the E-LHU with the passphrase"),
    _row("order.forward", "order", 20, CS, (O.SIGNED,), O.FORWARDED, 5, None,
         "Memeriksa dan meneruskan E-LHU ke pelanggan", "Checks the signed E-LHU and forwards it"),
    _row("order.fill_survey", "order", 21, P, (O.FORWARDED,), O.SURVEYED, 5, None,
         "Mengisi survei kepuasan, lalu mengunduh E-LHU", "Fills the satisfaction survey, then downloads"),
    _row("order.complete", "order", 22, P, (O.SURVEYED,), O.COMPLETED, 5, None,
         "Menyelesaikan order (Selesai Order)", "Marks the order complete"),
)


def rows_for(code: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.code == code]


def codes() -> list[str]:
    seen: dict[str, None] = {}
    for t in TRANSITIONS:
        seen.setdefault(t.code, None)
    return list(seen)


def rows_waiting_in(subject: str, state: str) -> list[Transition]:
    """Rows that can leave `state`: who the item is waiting for."""
    return [t for t in TRANSITIONS if t.subject == subject and state in t.sources]


def step_row_for(subject: str, state: str) -> Transition | None:
    """The SOP step (not a branch) that an item in `state` waits for; its norm runs the SLA clock."""
    for t in TRANSITIONS:
        if t.subject == subject and state in t.sources and t.step is not None:
            return t
    return None


def waiting_states(role: str, subject: str) -> list[str]:
    """States in which items of `subject` wait in `role`'s inbox."""
    states: dict[str, None] = {}
    for t in TRANSITIONS:
        if t.actor == role and t.subject == subject and t.in_inbox:
            for s in t.sources:
                states.setdefault(s, None)
    return list(states)
