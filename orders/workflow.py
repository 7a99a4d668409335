"""The order and its instruments as subjects of the SOP engine: steps 4-22 and their branches."""
from django.utils.translation import gettext_lazy as _

from accounts.roles import SYSTEM, Role
from workflow import actions
from workflow.actions import Page, Step
from workflow.inbox_query import prepared_inbox
from workflow.registry import Subject, register
from workflow.states import ORDER_FINAL_STATES
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O
from workflow.table import row

P, ADM, CS, KPJI, BEND, PNY, MT, AN, KB = (
    Role.PELANGGAN, Role.ADMIN, Role.CS, Role.KETUA_PJI, Role.BENDAHARA,
    Role.PENYELIA, Role.MT, Role.ANALIS, Role.KEPALA_BALAI,
)
BEFORE_PAYMENT = (O.DRAFT, O.SUBMITTED, O.VALIDATED, O.PRICED, O.BILLING_REQUESTED,
                  O.AWAITING_PAYMENT, O.BILLING_EXPIRED)

ORDER = Subject(
    name="order", model="orders.Order", states=O, label_id="Pesanan", label_en="Order", order_path="", audit_fk="order",
    scope="orders.access.order_in_scope", inbox="orders.workflow.order_inbox",
    final_states=tuple(ORDER_FINAL_STATES),
    inbox_columns=("number", "company", "company__name"),
)
INSTRUMENT = Subject(
    name="instrument", model="orders.Instrument", states=I, label_id="Alat", label_en="Instrument",
    order_path="order", audit_fk="instrument", scope="orders.access.instrument_in_scope", inbox="orders.workflow.instrument_inbox",
    final_states=(I.VALIDATED, I.REJECTED),
    inbox_columns=("order", "position", "sample_id", "instrument_type", "instrument_type__name",
                   "instrument_type__name_en", "brand", "model", "serial_number", "order__number", "order__state",
                   "order__company", "order__company__name"),
)

ROWS = (
    # --- the order: from the customer to payment (steps 4-10) ---
    row("order.submit", "order", 4, P, (O.DRAFT,), O.SUBMITTED, 30, None,
        "Mengajukan permohonan", "Submits the order"),
    row("order.validate", "order", 5, CS, (O.SUBMITTED,), O.VALIDATED, 10, None,
        "Memeriksa, memvalidasi dan memberi nomor order", "Checks, validates and numbers the order"),
    row("order.return_to_customer", "order", None, CS, (O.SUBMITTED,), O.DRAFT, None, None,
        "Mengembalikan permohonan ke pelanggan untuk diperbaiki (dengan alasan)",
        "Returns the order to the customer for correction (with a reason)"),
    row("order.approve_tariff", "order", 6, KPJI, (O.VALIDATED,), O.PRICED, 10, None,
        "Menyetujui tarif", "Approves the tariff"),
    row("order.accept_price", "order", 7, P, (O.PRICED,), O.BILLING_REQUESTED, 10, None,
        "Menyetujui harga dan meminta e-billing", "Accepts the price and requests e-billing"),
    row("order.reject_price", "order", None, P, (O.PRICED,), O.SUBMITTED, None, None,
        "Menolak harga (kembali ke CS dengan alasan)", "Rejects the price (back to CS with a reason)"),
    row("order.issue_billing", "order", 8, BEND, (O.BILLING_REQUESTED,), O.AWAITING_PAYMENT, 15, None,
        "Membuat e-billing", "Creates the e-billing"),
    row("order.submit_payment", "order", 9, P, (O.AWAITING_PAYMENT,), O.PAYMENT_SUBMITTED, None, None,
        "Membayar dan mengunggah bukti bayar", "Pays and uploads the proof of payment"),
    row("order.paid_by_state_billing", "order", None, SYSTEM, (O.AWAITING_PAYMENT, O.PAYMENT_SUBMITTED),
        O.PAID, None, None, "Lunas otomatis dari SIMPONI (NTPN)", "Paid automatically by SIMPONI (NTPN)"),
    row("order.expire_billing", "order", None, SYSTEM, (O.AWAITING_PAYMENT,), O.BILLING_EXPIRED, None, None,
        "E-billing kedaluwarsa", "The e-billing expires"),
    row("order.reissue_billing", "order", None, BEND, (O.BILLING_EXPIRED,), O.AWAITING_PAYMENT, None, None,
        "Menerbitkan ulang e-billing", "Re-issues the e-billing", inbox=True),
    row("order.accept_payment", "order", 10, BEND, (O.PAYMENT_SUBMITTED,), O.PAID, 15, None,
        "Memeriksa dan menerima bukti bayar", "Checks and accepts the proof of payment"),
    row("order.reject_payment", "order", None, BEND, (O.PAYMENT_SUBMITTED,), O.AWAITING_PAYMENT, None, None,
        "Menolak bukti bayar (kembali ke pelanggan dengan alasan)",
        "Rejects the proof of payment (back to the customer with a reason)"),
    row("order.cancel", "order", None, P, BEFORE_PAYMENT, O.CANCELLED, None, None,
        "Membatalkan permohonan", "Cancels the order"),
    row("order.cancel", "order", None, CS, BEFORE_PAYMENT[1:], O.CANCELLED, None, None,
        "Membatalkan permohonan", "Cancels the order"),
    # --- reception and the laboratory (steps 11-16) ---
    row("order.receive", "order", 11, CS, (O.PAID,), O.IN_LAB, 30, None,
        "Menerima alat, membuat nomor sampel, memilih laboratorium dan penyelia",
        "Receives the instruments, numbers the samples, chooses laboratory and supervisor"),
    row("instrument.receive", "instrument", 11, CS, (I.AWAITING_RECEPTION,), I.RECEIVED, 30, None,
        "Menerima alat", "Receives the instrument", inbox=False),  # received through the order's step 11
    row("instrument.reject_at_reception", "instrument", None, CS, (I.AWAITING_RECEPTION,), I.REJECTED, None, None,
        "Menolak alat saat penerimaan", "Rejects the instrument at reception"),
    row("instrument.assign", "instrument", 12, PNY, (I.RECEIVED,), I.ASSIGNED, 20, None,
        "Memeriksa alat dan memilih analis per parameter", "Checks the instrument and picks analysts per parameter"),
    row("instrument.reject_at_check", "instrument", None, PNY, (I.RECEIVED,), I.REJECTED, None, None,
        "Menolak alat saat pemeriksaan", "Rejects the instrument at the check"),
    row("instrument.approve_assignment", "instrument", 13, MT, (I.ASSIGNED,), I.IN_CALIBRATION, 20, None,
        "Memvalidasi parameter dan analis", "Validates parameters and analysts"),
    row("instrument.return_assignment", "instrument", None, MT, (I.ASSIGNED,), I.RECEIVED, None, None,
        "Mengembalikan penugasan ke penyelia", "Sends the assignment back to the supervisor"),
    row("order.all_rejected", "order", None, SYSTEM, (O.PAID, O.IN_LAB), O.RETURNED, None, None,
        "Semua alat ditolak: pesanan dikembalikan, permintaan pengembalian dana dicatat",
        "Every instrument rejected: order returned, refund request recorded"),
    row("instrument.submit_results", "instrument", 14, AN, (I.IN_CALIBRATION,), I.RESULTS_ENTERED, None, 14,
        "Mengkalibrasi dan memasukkan hasil", "Calibrates and enters the results"),
    row("instrument.verify", "instrument", 15, PNY, (I.RESULTS_ENTERED,), I.VERIFIED, 20, None,
        "Memverifikasi hasil", "Verifies the results"),
    row("instrument.return_verification", "instrument", None, PNY, (I.RESULTS_ENTERED,), I.IN_CALIBRATION,
        None, None, "Mengembalikan hasil ke analis", "Sends the results back to the analyst"),
    row("instrument.validate", "instrument", 16, MT, (I.VERIFIED,), I.VALIDATED, 20, None,
        "Memvalidasi hasil", "Validates the results"),
    row("instrument.return_validation", "instrument", None, MT, (I.VERIFIED,), I.IN_CALIBRATION, None, None,
        "Mengembalikan hasil ke analis", "Sends the results back to the analyst"),
    row("order.results_ready", "order", None, SYSTEM, (O.IN_LAB,), O.RESULTS_READY, None, None,
        "Semua alat selesai divalidasi", "Every instrument validated"),
    # --- the report (steps 17-22) ---
    row("order.number_reports", "order", 17, KPJI, (O.RESULTS_READY,), O.NUMBERED, 20, None,
        "Membuat nomor E-LHU", "Generates the report (E-LHU) numbers"),
    row("order.request_signature", "order", 18, CS, (O.NUMBERED,), O.AWAITING_SIGNATURE, 20, None,
        "Mencetak E-LHU dan meminta TTE Kepala Balai", "Prints the E-LHU and requests the head's signature"),
    row("order.sign", "order", 19, KB, (O.AWAITING_SIGNATURE,), O.SIGNED, 30, None,
        "Menandatangani E-LHU dengan passphrase (TTE)", "Signs the E-LHU with the passphrase"),
    row("order.forward", "order", 20, CS, (O.SIGNED,), O.FORWARDED, 5, None,
        "Memeriksa dan meneruskan E-LHU ke pelanggan", "Checks the signed E-LHU and forwards it"),
    row("order.fill_survey", "order", 21, P, (O.FORWARDED,), O.SURVEYED, 5, None,
        "Mengisi survei kepuasan, lalu mengunduh E-LHU", "Fills the satisfaction survey, then downloads"),
    row("order.complete", "order", 22, P, (O.SURVEYED,), O.COMPLETED, 5, None,
        "Menyelesaikan order (Selesai Order)", "Marks the order complete"),
)

LABELS = {
    "handover.recorded": ("Berita acara serah terima alat dibuat", "Instrument hand-over record made"),
}


@prepared_inbox
def order_inbox(user, role, states):
    from orders.models import Order

    qs = Order.objects.filter(state__in=states).select_related("company")
    if role == P:
        return qs.filter(company_id=user.company_id or -1)
    if role == KB:
        return qs.filter(signer=user)
    if role in (PNY, AN):
        return None
    return qs


@prepared_inbox
def instrument_inbox(user, role, states):
    from django.db.models import Q

    from orders.access import CENTRE_WIDE, instrument_scope_q
    from orders.models import Instrument

    qs = Instrument.objects.filter(state__in=states).select_related("order", "order__company", "instrument_type")
    if role in CENTRE_WIDE:
        return qs  # their units' (the inbox keeps the units where the role is held, as for the order)
    scope = instrument_scope_q(user, role)
    if scope is not None and role == AN:
        # Through the analyst's parameters (many per instrument): a subquery, so no row repeats.
        return qs.filter(Q(pk__in=Instrument.objects.filter(scope).values("pk")))
    if scope is not None:
        return qs.filter(scope)  # directly, so the (laboratory, state) index serves it
    return qs


def register_all():
    register(ORDER)
    register(INSTRUMENT, ROWS, LABELS)
    for page in PAGES:
        actions.register(page=page)
    actions.register(*STEPS, elsewhere=ELSEWHERE)


# --- the steps a person takes on the order and instrument pages and through the API (workflow.actions)

def _order_services():
    from orders import services

    return services


STEPS = (
    Step("order.submit", lambda u, pk, d: _order_services().submit_order(u, pk), "order",
         success=_("Pesanan diajukan."), button=_("Ajukan pesanan"), slug="submit"),
    Step("order.validate", lambda u, pk, d: _order_services().validate_order(u, pk, d.get("note", "")), "order",
         form="orders.forms.NoteForm", success=_("Pesanan divalidasi dan diberi nomor."),
         button=_("Validasi dan beri nomor order"), auto_id="validate_%s", form_name="validate_form", slug="validate"),
    Step("order.return_to_customer", lambda u, pk, d: _order_services().return_to_customer(u, pk, d["reason"]),
         "order", form="orders.forms.ReasonForm", success=_("Pesanan dikembalikan ke pelanggan untuk diperbaiki."),
         button=_("Kembalikan ke pelanggan"), auto_id="return_%s", form_name="return_form", slug="return-to-customer"),
    Step("order.approve_tariff", lambda u, pk, d: _order_services().approve_tariff(
        u, pk, d.get("corrections") or None, d.get("note", "")), "order",
         success=_("Tarif disetujui; pelanggan diminta memeriksa harga."),
         own_page="an amount and a correction reason per instrument line (TariffApprovalForm)"),
    Step("order.accept_price", lambda u, pk, d: _order_services().accept_price(u, pk), "order",
         success=_("Harga disetujui; e-billing diminta."), button=_("Setujui harga dan minta e-billing"),
         slug="accept-price"),
    Step("order.reject_price", lambda u, pk, d: _order_services().reject_price(u, pk, d["reason"]), "order",
         form="orders.forms.ReasonForm", success=_("Harga ditolak; pesanan kembali ke CS."), button=_("Tolak harga"),
         auto_id="reject_price_%s", form_name="reject_price_form", slug="reject-price"),
    Step("order.cancel", lambda u, pk, d: _order_services().cancel_order(u, pk, d["reason"]), "order",
         form="orders.forms.ReasonForm", success=_("Pesanan dibatalkan."), button=_("Batalkan pesanan"),
         auto_id="cancel_%s", form_name="cancel_form", slug="cancel"),
)

PAGES = (
    Page("order", fetch="orders.access.get_order_for_user", render="orders.views.order_step_page",
         home="orders:detail"),
    Page("instrument", fetch="orders.access.get_instrument_for_user", render="orders.views.instrument_step_page",
         home="orders:instrument"),
)

# Human rows taken only inside another step's service or page, and where.
ELSEWHERE = {
    "instrument.receive": "applied per instrument by the order's reception (order.receive)",
    "instrument.reject_at_reception": "a line of the reception page (order.receive)",
}
