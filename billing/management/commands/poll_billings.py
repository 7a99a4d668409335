"""Ask the state billing system for the status of every unpaid billing (for integrations that poll
instead of, or besides, receiving the push). Does nothing with the built-in gateway."""
from django.core.management.base import BaseCommand

from billing.payments import poll_unpaid_billings


class Command(BaseCommand):
    help = "Polls SIMPONI for unpaid e-billings; paid ones move their orders on."

    def handle(self, *args, **options):
        paid = poll_unpaid_billings()
        self.stdout.write(f"billings found paid: {paid}")
