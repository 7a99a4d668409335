"""E-billing, proof of payment and refunds in the SOP engine: what this app registers in `workflow.registry`."""
from workflow.registry import register

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "refund.done": ("Pengembalian dana dibayarkan", "Refund paid"),
    "payment_notification.handled": ("Notifikasi pembayaran ditangani", "Payment notification handled"),
}


def register_all():
    register(labels=LABELS)
