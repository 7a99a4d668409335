"""The audit codes of the central admin's work on units (no lifecycle of the SOP: a unit has no state)."""
from workflow.registry import register

LABELS = {
    "unit.created": ("Unit kerja dibuat", "Unit created"),
    "unit.changed": ("Data unit kerja diubah", "Unit details changed"),
    "unit.admin_appointed": ("Ditetapkan sebagai admin unit", "Appointed unit admin"),
    "unit.admin_removed": ("Diberhentikan sebagai admin unit", "Removed as unit admin"),
}


def register_all():
    register(labels=LABELS)
