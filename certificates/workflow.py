"""The report (E-LHU), its changes and signing in the SOP engine: what this app registers in `workflow.registry`.

Two subjects, both lifecycles of documents beside the order's steps 17-20 (rows with step None):
- `report`: numbered at step 17 (or when a correction is approved), signed at step 19 (or when its
  correction is signed), then superseded by its replacement or revoked. Nothing waits for a person at
  this level: the order carries the wait of steps 18-19 (its inbox and SLA clock), so no clock and no
  inbox (a report listed here too would be the same work listed twice).
- `report_change`: a correction or revocation asked by CS (REQUESTED, waiting in the Ketua Tim PJI's
  inbox), approved (a correction: APPROVED until a head of centre signs the replacement), rejected, or
  done. It keeps its clock (`state_entered_at`, `due_at`) for the inbox.

The signing batch's progress (SigningBatch.status, SigningBatchItem.status) is a worker job's, not a
lifecycle: it stays a compare-and-set update in certificates/batch.py (job progress).
"""
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from workflow import actions
from workflow.actions import Step
from workflow.inbox_query import prepared_inbox
from certificates.models import ChangeStatus as C
from certificates.models import ReportStatus as R
from workflow.registry import Subject, register
from workflow.table import row

CS, KPJI, KB = Role.CS, Role.KETUA_PJI, Role.KEPALA_BALAI

REPORT = Subject(
    name="report", model="certificates.Report", states=R, label_id="E-LHU", label_en="Report (E-LHU)",
    state_field="status", order_path="order", instrument_path="instrument",
    scope="certificates.workflow.report_in_scope", inbox=None, clock=False, final_states=(R.SUPERSEDED, R.REVOKED),
)
REPORT_CHANGE = Subject(
    name="report_change", model="certificates.ReportChange", states=C, customer_timeline=False,
    label_id="Koreksi/pencabutan E-LHU", label_en="Report correction/revocation", state_field="status",
    order_path="report__order", scope="certificates.workflow.change_in_scope",
    inbox="certificates.workflow.change_inbox", clock=True, final_states=(C.DONE, C.REJECTED),
)

ROWS = (
    # --- the report: numbered at step 17, signed at step 19, then perhaps replaced or revoked ---
    row("report.number", "report", None, KPJI, (), R.NUMBERED, None, None,
        "E-LHU diberi nomor", "Report (E-LHU) numbered"),
    row("report.sign", "report", None, KB, (R.NUMBERED,), R.SIGNED, None, None,
        "E-LHU ditandatangani (TTE)", "Report (E-LHU) signed"),
    row("report.supersede", "report", None, KB, (R.SIGNED,), R.SUPERSEDED, None, None,
        "E-LHU digantikan oleh E-LHU pengganti yang ditandatangani",
        "Report superseded by its signed replacement"),
    row("report.revoke", "report", None, KPJI, (R.SIGNED,), R.REVOKED, None, None,
        "E-LHU dicabut", "Report revoked"),
    # --- a correction or revocation of a signed report ---
    row("report_change.request", "report_change", None, CS, (), C.REQUESTED, None, None,
        "Koreksi/pencabutan E-LHU diajukan (dengan alasan)", "Report correction/revocation requested (with a reason)"),
    row("report_change.approve", "report_change", None, KPJI, (C.REQUESTED,), C.APPROVED, None, None,
        "Koreksi E-LHU disetujui; nomor pengganti dibuat", "Report correction approved; replacement numbered",
        inbox=True),
    row("report_change.revoke", "report_change", None, KPJI, (C.REQUESTED,), C.DONE, None, None,
        "Pencabutan E-LHU disetujui dan berlaku", "Report revocation approved and applied", inbox=True),
    row("report_change.reject", "report_change", None, KPJI, (C.REQUESTED,), C.REJECTED, None, None,
        "Permintaan koreksi/pencabutan E-LHU ditolak (dengan alasan)",
        "Report correction/revocation request rejected (with a reason)", inbox=True),
    # The head finds an approved correction on the order page, as before (not in an inbox: the notice
    # a new inbox row would send has no words for this subject yet).
    row("report_change.complete", "report_change", None, KB, (C.APPROVED,), C.DONE, None, None,
        "E-LHU pengganti ditandatangani; koreksi selesai", "Replacement report signed; correction done",
        inbox=False),
)

# Audit codes that change no state: (Indonesian, English). The report.* codes below were written before
# the report and its changes had rows (old entries keep their words); new entries use the rows above.
LABELS = {
    "signature.wrong_passphrase": ("Passphrase TTE salah; tidak ada yang ditandatangani", "Wrong signing passphrase; nothing signed"),
    "report.amendment_requested": ("Koreksi E-LHU diajukan", "Report amendment requested"),
    "report.revocation_requested": ("Pencabutan E-LHU diajukan", "Report revocation requested"),
    "report.amendment_approved": ("Koreksi E-LHU disetujui; nomor pengganti dibuat", "Report amendment approved; replacement numbered"),
    "report.amendment_signed": ("E-LHU pengganti ditandatangani; E-LHU lama digantikan", "Replacement report signed; old report superseded"),
    "report.revoked": ("E-LHU dicabut", "Report revoked"),
    "report.change_rejected": ("Permintaan koreksi/pencabutan E-LHU ditolak", "Report amendment/revocation request rejected"),
    "report.archive_timestamp": ("Stempel waktu arsip ditambahkan pada berkas E-LHU", "Archival timestamp added to the report file"),
    "signing.delegation_saved": ("Pelimpahan wewenang tanda tangan disimpan", "Signing delegation saved"),
    "signing.delegation_deleted": ("Pelimpahan wewenang tanda tangan dihapus", "Signing delegation deleted"),
}


def report_in_scope(user, role, report) -> bool:
    """The order's scope: a report is the work of whoever may act on its order in that role (a
    centre-wide role: in the order's unit)."""
    from orders.access import order_in_scope

    return order_in_scope(user, role, report.order)


def change_in_scope(user, role, change) -> bool:
    from orders.access import order_in_scope

    return order_in_scope(user, role, change.report.order)


@prepared_inbox
def change_inbox(user, role, states):
    """Correction and revocation requests waiting for the Ketua Tim PJI's decision (centre-wide; the
    order page, where they are decided, is the item's page)."""
    from certificates.models import ReportChange

    if role != KPJI:
        return None
    return ReportChange.objects.filter(status__in=states).select_related("report", "report__order",
                                                                         "report__order__company")


# --- the order's steps 17-20, whose services live here, in the one mapping from code to service

def _services():
    from certificates import services

    return services


def _asked(result, data):
    from django.utils.translation import gettext

    return gettext("Permintaan TTE dikirim kepada %(name)s.") % {"name": data["signer"]}


STEPS = (
    Step("order.number_reports", lambda u, pk, d: _services().number_reports(u, pk, d.get("note", "")), "order",
         success=_("Nomor E-LHU dibuat; CS dapat mencetak draf dan meminta TTE."),
         button=_("Buat nomor E-LHU (langkah 17)")),
    Step("order.request_signature", lambda u, pk, d: _services().request_signature(
        u, pk, getattr(d["signer"], "pk", d["signer"]), d.get("note", "")), "order",
         form="certificates.forms.SignerForm", success=_asked, button=_("Minta TTE Kepala Balai (langkah 18)"),
         auto_id="tte_%s", form_name="signer_form"),
    Step("order.sign", lambda u, pk, d: _services().sign_reports(u, pk, d["passphrase"]), "order",
         success=_("E-LHU ditandatangani secara elektronik; CS akan memeriksa dan meneruskannya."),
         own_page="the passphrase (never sent back), with the drafts to read and the lock-out after wrong tries"),
    Step("order.forward", lambda u, pk, d: _services().forward_reports(u, pk, d.get("note", "")), "order",
         form="certificates.forms.ForwardForm", success=_("E-LHU diteruskan; pelanggan diberi tahu."),
         button=_("Teruskan E-LHU ke pelanggan (langkah 20)"), auto_id="forward_%s", form_name="forward_form"),
)

ELSEWHERE = {
    "report.number": "applied per report by order.number_reports (and by an approved correction)",
    "report.sign": "applied per report by order.sign (and by the batch signing page)",
    "report.supersede": "applied when a correction's replacement is signed (certificates:sign_amendment)",
    "report.revoke": "applied when a revocation is approved (certificates:approve_change)",
    "report_change.request": "the change request form on the order page, one per report (certificates:request_change)",
    "report_change.approve": "a decision per change row of the order page (certificates:approve_change)",
    "report_change.reject": "a decision with a reason per change row (certificates:reject_change)",
    "report_change.revoke": "applied by certificates:approve_change for a revocation",
    "report_change.complete": "signing the replacement with the passphrase (certificates:sign_amendment)",
}


def register_all():
    register(REPORT)
    register(REPORT_CHANGE, ROWS, LABELS)
    actions.register(*STEPS, elsewhere=ELSEWHERE)
