"""`manage.py dcc REPORT_NUMBER`: print the report's Digital Calibration Certificate (DCC 3.3.0 XML),
validated against the schema offline. A report that does not exist, or a DCC that does not validate:
the reason (the schema's message) on standard error and a non-zero exit status."""
from django.core.management.base import BaseCommand, CommandError

from certificates.dcc import DccError, dcc_xml
from certificates.models import Report


class Command(BaseCommand):
    help = "Prints the validated DCC 3.3.0 XML of one report (E-LHU), named by its number."

    def add_arguments(self, parser):
        parser.add_argument("number", help="the report number, e.g. 0001/LHU/BSPJI/XII/2026")

    def handle(self, *args, **options):
        report = (Report.objects.select_related("order__company", "instrument__instrument_type", "signer",
                                                "order__signer", "replaces")
                  .filter(number=options["number"]).first())
        if report is None:
            raise CommandError(f"no report numbered {options['number']!r}")
        try:
            xml = dcc_xml(report)
        except DccError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(xml.decode("utf-8"), ending="")
