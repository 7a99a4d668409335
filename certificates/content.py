"""What an E-LHU (calibration certificate) says, and its PDF: the draft preview CS prints at step 18
and the final document dated the day of signing at step 19."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation

from core.pdf import qr_data_uri, render_pdf

TEMPLATE = "certificates/report_pdf.html"
DEFAULT_TRACEABILITY = ("Hasil kalibrasi tertelusur ke Satuan Internasional (SI) melalui standar nasional "
                        "(KAN/SNSU BSN).")


def verify_url(report) -> str:
    return settings.SITE_URL.rstrip("/") + f"/certificates/verify/{report.token}/"


def mask_name(name: str) -> str:
    """A name with only the first letter of each word shown: "PT Maju Jaya" -> "P* M*** J***"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (name or "").split())


def results_of(instrument) -> dict:
    """The validated results of `instrument`, in the shape results.api.report_data gives."""
    from results.api import report_data

    return report_data(instrument)


def report_context(report, *, draft: bool, issued_on: dt.date | None = None, signer=None) -> dict:
    inst = report.instrument
    order = report.order
    data = results_of(inst)
    signer = signer or report.signer or order.signer
    return {
        "report": report, "order": order, "inst": inst, "company": order.company, "data": data,
        "draft": draft, "issued_on": issued_on, "signer": signer,
        "received_on": timezone.localtime(inst.received_at).date() if inst.received_at else None,
        "qr": None if draft else qr_data_uri(verify_url(report)),
        "verify_url": verify_url(report),
        "traceability": settings.TRACEABILITY_STATEMENT, "default_traceability": DEFAULT_TRACEABILITY,
    }


def render_report(report, *, draft: bool, issued_on: dt.date | None = None, signer=None) -> bytes:
    """The report as PDF bytes: a draft (watermarked, unsigned) or the final one to sign."""
    if not draft and issued_on is None:
        issued_on = timezone.localdate()
    with translation.override("id"):  # the certificate is bilingual in its own right
        return render_pdf(TEMPLATE, report_context(report, draft=draft, issued_on=issued_on, signer=signer))
