"""The catalogue: audit codes that change no state: what this app registers in `workflow.registry`."""
from workflow.registry import register

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "catalog.import_tariffs": ("Tarif diimpor ke katalog", "Tariffs imported into the catalogue"),
}


def register_all():
    register(labels=LABELS)
