from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.seed import DEMO_PASSWORD, seed_accounts
from catalog.seed import seed_catalog
from demo import road as demo

# Demo orders: which milestone each reaches, and for which customer.
DEMO_ORDERS = [
    ("pelanggan", None), ("pelanggan", "SUBMITTED"), ("pelanggan2", "VALIDATED"), ("pelanggan", "PRICED"),
    ("pelanggan2", "AWAITING_PAYMENT"), ("pelanggan", "PAYMENT_SUBMITTED"), ("pelanggan2", "PAID"),
    ("pelanggan", "IN_LAB"), ("pelanggan2", "ASSIGNED"), ("pelanggan", "IN_CALIBRATION"),
    ("pelanggan2", "RESULTS_ENTERED"), ("pelanggan", "VERIFIED"), ("pelanggan2", "RESULTS_READY"),
    ("pelanggan", "NUMBERED"), ("pelanggan2", "AWAITING_SIGNATURE"), ("pelanggan", "SIGNED"),
    ("pelanggan2", "FORWARDED"), ("pelanggan", "SURVEYED"), ("pelanggan", "COMPLETED"),
]


class Command(BaseCommand):
    help = "Loads the demo catalogue, the demo accounts (one password) and orders spread over the workflow."

    def handle(self, *args, **options):
        if User.objects.filter(username="pelanggan").exists():
            self.stdout.write("Demo data already present.")
            seed_accounts()
            self._extras()
            return
        with transaction.atomic():
            seed_catalog()
            users = seed_accounts()
        self._extras()
        for customer, milestone in DEMO_ORDERS:
            order = demo.new_order(users, customer)
            if milestone:
                demo.drive(users, order, milestone)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded: accounts {', '.join(sorted(users))}; password {DEMO_PASSWORD}"))

    def _extras(self):
        """Set-up steps of other apps (e.g. the demo head of centre's signing key)."""
        from django.utils.module_loading import import_string

        for path in ("certificates.demo.ensure_demo_keys", "twofactor.demo.ensure_demo_device",
                     "metrology.seed.seed_metrology"):
            try:
                fn = import_string(path)
            except ImportError:
                continue
            fn()
