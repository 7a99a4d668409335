"""The report (E-LHU), its changes and signing in the SOP engine: what this app registers in `workflow.registry`."""
from workflow.registry import register

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "signature.wrong_passphrase": ("Passphrase TTE salah; tidak ada yang ditandatangani", "Wrong signing passphrase; nothing signed"),
    "report.amendment_requested": ("Koreksi E-LHU diajukan", "Report amendment requested"),
    "report.revocation_requested": ("Pencabutan E-LHU diajukan", "Report revocation requested"),
    "report.amendment_approved": ("Koreksi E-LHU disetujui; nomor pengganti dibuat", "Report amendment approved; replacement numbered"),
    "report.amendment_signed": ("E-LHU pengganti ditandatangani; E-LHU lama digantikan", "Replacement report signed; old report superseded"),
    "report.revoked": ("E-LHU dicabut", "Report revoked"),
    "report.change_rejected": ("Permintaan koreksi/pencabutan E-LHU ditolak", "Report amendment/revocation request rejected"),
    "signing.delegation_saved": ("Pelimpahan wewenang tanda tangan disimpan", "Signing delegation saved"),
    "signing.delegation_deleted": ("Pelimpahan wewenang tanda tangan dihapus", "Signing delegation deleted"),
}


def register_all():
    register(labels=LABELS)
