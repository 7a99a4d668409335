"""What an E-LHU (calibration certificate) says, and its PDF: the draft preview CS prints at step 18
and the final document dated the day of signing at step 19.

The layout is an HTML/CSS template an administrator may adapt without touching code: copy
`templates/certificates/report_pdf.html` (settings.REPORT_TEMPLATE names the one used); the letterhead
logo and the accreditation mark are image files under `static/`; the letterhead (name, address, logo)
and the accreditation number are those of the report's order's unit (`units.letterhead`), the mark is
settings.REPORT_ACCREDITATION_MARK (KAN's, the same for every unit).
"""
from __future__ import annotations

import datetime as dt
import gc

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation


TEMPLATE = "certificates/report_pdf.html"
DEFAULT_TRACEABILITY = ("Hasil kalibrasi tertelusur ke Satuan Internasional (SI) melalui standar nasional "
                        "(KAN/SNSU BSN).")


def verify_url(report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[report.token])


def mask_name(name: str) -> str:
    """A name with only the first letter of each word shown: "PT Maju Jaya" -> "P* M*** J***"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (name or "").split())


def results_of(instrument) -> dict:
    """The validated results of `instrument`, in the shape results.api.report_data gives."""
    from results.api import report_data

    return report_data(instrument)


def scoped_results(instrument) -> dict:
    """results_of(instrument) with the KAN accreditation scope judged per point (metrology.scope, ILAC-P8):
    each point gets `outside_scope` (True where the laboratory's scope does not cover it); the data gets
    `scope_judged` (the laboratory has a scope recorded), `any_outside_scope`, `all_outside_scope` and
    `kan_numbers`. The PDF and the DCC both read it."""
    from metrology.scope import scope_of
    from results.models import ResultSheet

    data = results_of(instrument)
    method_id = ResultSheet.objects.filter(instrument=instrument).values_list("method_id", flat=True).first()
    scope = scope_of(instrument.laboratory_id, method_id)
    points = []
    for param in data.get("parameters") or []:
        for point in param.get("points") or []:
            point["outside_scope"] = scope.covers(param["name"], point.get("nominal"), point.get("unit", "")) is False
            points.append(point)
    outside = [pt for pt in points if pt["outside_scope"]]
    data.update(scope_judged=scope.judged, any_outside_scope=bool(outside),
                all_outside_scope=bool(points) and len(outside) == len(points), kan_numbers=scope.kan_numbers)
    return data


def dcc_file_name(report) -> str:
    """The name of the DCC XML, inside the PDF and as a download: "<report number>.dcc.xml"."""
    return f"{report.number.replace('/', '-')}.dcc.xml"


def qr_png_data_uri(text: str) -> str:
    """The QR code as a small PNG data URI: a bitmap costs WeasyPrint far less than an SVG of
    hundreds of path segments, and prints as sharply at 28 mm."""
    import base64
    import io

    import qrcode

    code = qrcode.QRCode(border=1, box_size=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    buf = io.BytesIO()
    code.make_image().save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def coverage_probability_text(value) -> str:
    """"95 %" from 0.95, 95, "95" or "95 %"; "" when not given."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        number = float(text.rstrip("% ").replace(",", "."))
    except ValueError:
        return text
    if number <= 1:
        number *= 100
    return f"{number:g} %"


def result_columns(data: dict) -> dict:
    """Which optional columns the results tables need: the stage (before/after adjustment) and the
    per-point statement of conformity."""
    points = [pt for p in data.get("parameters", []) for pt in p.get("points", [])]
    return {"stage": bool(data.get("adjusted")) or any(pt.get("stage") for pt in points),
            "conformity": bool(data.get("conformity_requested")) or any(pt.get("conformity") for pt in points),
            "scope": any(pt.get("outside_scope") for pt in points)}


def report_context(report, *, draft: bool, issued_on: dt.date | None = None, signer=None, position: str = "") -> dict:
    from certificates.delegation import is_head_of_centre, signer_position
    from units.letterhead import letterhead, unit_of

    inst = report.instrument
    order = report.order
    unit = unit_of(order)
    head = letterhead(unit)
    data = scoped_results(inst)
    signer = signer or report.signer or order.signer
    if signer is not None and not position:
        position = report.signer_position or signer_position(signer, issued_on, unit)
    tolerance = data.get("tolerance") or inst.tolerance
    return {
        **head,
        "signer_position": position, "signer_acting": signer is not None and not is_head_of_centre(signer, unit),
        "method": data.get("method", ""), "standards": data.get("standards") or [],
        "columns": result_columns(data), "tolerance": tolerance,
        "conformity_requested": bool(data.get("conformity_requested")) or bool(tolerance),
        "decision_rule": data.get("decision_rule", ""), "deviations": data.get("deviations", ""),
        "coverage_probability": coverage_probability_text(data.get("coverage_probability")),
        # ILAC-P8: no accreditation mark on a certificate none of whose results is inside the scope.
        "accreditation_number": "" if data.get("all_outside_scope") else head["accreditation_number"],
        "accreditation_mark": getattr(settings, "REPORT_ACCREDITATION_MARK", ""),
        "report": report, "order": order, "inst": inst, "company": order.company, "data": data,
        "draft": draft, "issued_on": issued_on, "signer": signer,
        "received_on": timezone.localtime(inst.received_at).date() if inst.received_at else None,
        "qr": None if draft else qr_png_data_uri(verify_url(report)),
        "verify_url": verify_url(report),
        "traceability": settings.TRACEABILITY_STATEMENT, "default_traceability": DEFAULT_TRACEABILITY,
    }


def report_template(report):
    """The template that lays out `report` (settings.REPORT_TEMPLATE, by default TEMPLATE)."""
    from django.template.loader import get_template

    return get_template(getattr(settings, "REPORT_TEMPLATE", "") or TEMPLATE)


_font_config = None


def font_config():
    """One WeasyPrint font configuration per process: fontconfig is asked for the fonts once."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


# The final E-LHU is a PDF/A-3b (WeasyPrint's variant: XMP pdfaid part 3 conformance B, an sRGB output
# intent, every font embedded) carrying its DCC XML as an associated file; drafts are plain PDFs.
PDF_VARIANT = "pdf/a-3b"


def render_report(report, *, draft: bool, issued_on: dt.date | None = None, signer=None, position: str = "",
                  dcc: bytes | None = None) -> bytes:
    """The report as PDF bytes: a draft (watermarked, unsigned) or the final one to sign, a PDF/A-3b with
    `dcc` (the report's DCC XML) embedded as its associated file (/AF, /AFRelationship /Data)."""
    from core.pdf import EmbeddedFile, html_to_pdf

    if not draft and issued_on is None:
        issued_on = timezone.localdate()
    with translation.override("id"):  # the certificate is bilingual in its own right
        context = report_context(report, draft=draft, issued_on=issued_on, signer=signer, position=position)
        html = report_template(report).render(context)  # the letterhead is the order's unit's (report_context)
    # The cyclic garbage collector would walk every object of the process many times during one layout
    # (about a third of the render time); the render's garbage is freed by reference counting anyway.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if draft:
            return html_to_pdf(html, font_config=font_config())
        embedded = (EmbeddedFile(dcc_file_name(report), dcc, "application/xml", "Data",
                                 f"Digital Calibration Certificate (DCC) {report.number}"),) if dcc else ()
        return html_to_pdf(html, font_config=font_config(), pdf_variant=PDF_VARIANT, embedded=embedded)
    finally:
        if collecting:
            gc.enable()
