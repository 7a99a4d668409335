from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.seed import DEMO_PASSWORD, seed_accounts
from catalog.seed import seed_catalog
from demo import road as demo
from demo.units import UNITS as DEMO_UNITS
from demo.units import equip_laboratories, heads_of_centre, seed_units, submit_demo_orders

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
    help = ("Loads the demo catalogue, three units (Palembang WIB, Makassar WITA, Jayapura WIT) with their "
            "accounts (one password), the central admin, and orders spread over the workflow.")

    def handle(self, *args, **options):
        if User.objects.filter(username="pelanggan").exists():
            self.stdout.write("Demo data already present.")
            seed_accounts()
            seed_units()
            self._extras()
            equip_laboratories()
            return
        with transaction.atomic():
            seed_catalog()
            users = seed_accounts()
            others = seed_units()
        self._extras()
        equip_laboratories()  # after the demo methods (metrology.seed, one of the extras)
        for customer, milestone in DEMO_ORDERS:
            order = demo.new_order(users, customer)
            if milestone:
                demo.drive(users, order, milestone)
        submit_demo_orders(users["pelanggan"])
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded: accounts {', '.join(sorted(users))}; units {', '.join(u[3] for u in DEMO_UNITS)} "
            f"with accounts {', '.join(sorted(others))}; password {DEMO_PASSWORD}"))

    def _extras(self):
        """Set-up steps of other apps (e.g. the demo heads of centre's signing keys and authenticators)."""
        from django.utils.module_loading import import_string

        try:
            ensure_device = import_string("twofactor.demo.ensure_demo_device")
        except ImportError:
            ensure_device = None
        for username in heads_of_centre() if ensure_device else ():
            ensure_device(username)

        for path in ("certificates.demo.ensure_demo_keys", "twofactor.demo.ensure_demo_device",
                     "metrology.seed.seed_metrology"):
            try:
                fn = import_string(path)
            except ImportError:
                continue
            fn()
