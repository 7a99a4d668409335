import json

from django.core.management.base import BaseCommand

from workflow.table import TRANSITIONS


class Command(BaseCommand):
    help = "Prints the SOP table the system runs on (one row per step and branch)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="only JSON on standard output")

    def handle(self, *args, **options):
        if options["json"]:
            self.stdout.write(json.dumps([t.as_json() for t in TRANSITIONS], ensure_ascii=False, indent=1))
            return
        for t in TRANSITIONS:
            norm = f"{t.norm_minutes} min" if t.norm_minutes else f"{t.norm_working_days} wd" if t.norm_working_days else "-"
            step = f"{t.step:>2}" if t.step else " ·"
            self.stdout.write(f"{step} {t.actor:<13} {t.subject:<10} {','.join(t.sources) or '(start)':<40} -> {t.target:<20} {norm:<8} {t.name_en}")
