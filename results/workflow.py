"""Calibration results: audit codes that change no state: what this app registers in `workflow.registry`."""
from django.utils.translation import gettext_lazy as _

from workflow import actions
from workflow.actions import Step
from workflow.registry import register

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "results.attach": ("Berkas data mentah dilampirkan", "Raw data file attached"),
    "results.withdraw_attachment": ("Lampiran data mentah ditarik", "Raw data file withdrawn"),
}


def _services():
    from results import services

    return services


def _submit(user, pk, data):
    if "rows" in data:  # the sheet and its points typed at once, then submitted (the demo; the grid saves first)
        return _services().save_results(user, pk, data["sheet"], data["rows"], submit=True)
    return _services().submit_results(user, pk)


GRID = "the results grid: the sheet, its points and comments per point"
STEPS = (
    Step("instrument.submit_results", _submit, "instrument", success=_("Hasil dikirim ke penyelia untuk diverifikasi."), own_page=GRID),
    Step("instrument.verify", lambda u, pk, d: _services().verify_results(u, pk, d.get("note", "")), "instrument",
         own_page=GRID),
    Step("instrument.return_verification", lambda u, pk, d: _services().return_from_verification(
        u, pk, d["comment"], d.get("point_comments")), "instrument", own_page=GRID),
    Step("instrument.validate", lambda u, pk, d: _services().validate_results(u, pk, d.get("note", "")), "instrument",
         own_page=GRID),
    Step("instrument.return_validation", lambda u, pk, d: _services().return_from_validation(
        u, pk, d["comment"], d.get("point_comments")), "instrument", own_page=GRID),
)


def register_all():
    register(labels=LABELS)
    actions.register(*STEPS)
