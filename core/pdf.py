"""PDF rendering with WeasyPrint from HTML templates, and QR codes for documents."""
import base64
import io
import threading
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


def qr_data_uri(text: str) -> str:
    """A QR code as an SVG data URI, for <img src> in HTML and PDF templates."""
    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


# WeasyPrint drives Pango/fontconfig, which are not safe to use from two threads of one process at once
# (a threaded web worker rendering two PDFs corrupts the heap). One render at a time per process; other
# processes render in parallel.
_RENDER_LOCK = threading.Lock()


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside a PDF as an associated file (PDF/A-3 `/AF`): its name, bytes, MIME type and
    its relationship to the document ("Data", "Source", "Alternative", "Supplement")."""

    name: str
    content: bytes
    mime_type: str = "application/octet-stream"
    relationship: str = "Data"
    description: str = ""


def _dedupe_associated_files(document, pdf) -> None:
    """WeasyPrint's PDF/A-3 writer lists each attachment twice in the catalog's /AF (once from the
    EmbeddedFiles name tree, once from the file specifications): keep each once."""
    if "AF" in pdf.catalog:
        pdf.catalog["AF"][:] = list(dict.fromkeys(pdf.catalog["AF"]))


def html_to_pdf(html: str, *, pdf_variant: str | None = None, embedded: tuple[EmbeddedFile, ...] = (),
                **options) -> bytes:
    """HTML to PDF bytes with WeasyPrint, one render at a time in this process. `pdf_variant` (e.g.
    "pdf/a-3b") asks WeasyPrint for that variant (XMP identification, sRGB output intent, embedded fonts);
    `embedded` files are attached as associated files with their relationship and MIME type."""
    from weasyprint import HTML, Attachment

    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    if embedded:
        # A data: URL carries the MIME type (WeasyPrint would guess text/xml from the name).
        options["attachments"] = [
            Attachment(url=f"data:{f.mime_type};base64,{base64.b64encode(f.content).decode()}", name=f.name,
                       description=f.description, relationship=f.relationship) for f in embedded]
        options["finisher"] = _dedupe_associated_files
    with _RENDER_LOCK:
        return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(**options)


def render_pdf(template: str, context: dict, *, unit=None) -> bytes:
    """A document (e-billing, receipt, quotation, handover record, labels, a table) with the letterhead
    of its unit (settings.DOCUMENT_LETTERHEAD, the units app's: core imports no domain app): a Makassar
    order's receipt names BSPJI Makassar and its address. Its times are written in that unit's zone
    (BALAI_TIME_ZONE), whoever downloads it, and `waktu_zona` names the zone (WIB, WITA or WIT). Without
    that setting, the installation's names and zone."""
    from django.utils import timezone
    from django.utils.module_loading import import_string

    path = getattr(settings, "DOCUMENT_LETTERHEAD", "")
    names = import_string(path)(context, unit) if path else {
        "BALAI_NAME": settings.BALAI_NAME, "BALAI_ADDRESS": settings.BALAI_ADDRESS, "BALAI_SHORT": settings.BALAI_SHORT}
    with timezone.override(names.get("BALAI_TIME_ZONE")):  # None: the installation's zone
        html = render_to_string(template, {**context, **names})
    return html_to_pdf(html)


def pdf_response(content: bytes, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
