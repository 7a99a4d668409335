"""Calibration results: audit codes that change no state: what this app registers in `workflow.registry`."""
from workflow.registry import register

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "results.attach": ("Berkas data mentah dilampirkan", "Raw data file attached"),
    "results.withdraw_attachment": ("Lampiran data mentah ditarik", "Raw data file withdrawn"),
}


def register_all():
    register(labels=LABELS)
