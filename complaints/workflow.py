"""Complaints in the SOP engine: what this app registers in `workflow.registry`."""
from workflow.registry import register

# Audit codes that change no state: (Indonesian, English).
LABELS = {
    "complaint.lodge": ("Pengaduan diajukan", "Complaint lodged"),
    "complaint.acknowledge": ("Pengaduan ditanggapi", "Complaint acknowledged"),
    "complaint.assign": ("Pengaduan ditugaskan kepada petugas", "Complaint assigned to staff"),
    "complaint.answer": ("Pengaduan dijawab", "Complaint answered"),
    "complaint.close": ("Pengaduan ditutup", "Complaint closed"),
    "complaint.reopen": ("Pengaduan dibuka kembali", "Complaint reopened"),
}


def register_all():
    register(labels=LABELS)
