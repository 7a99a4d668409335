"""Reports (E-LHU): the signed PDF and the Digital Calibration Certificate (DCC XML) of a signed report, under
the same rule as their downloads on the order page (the customer after the survey; staff who see the order)."""
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Path, Router

from api.auth import read_auth
from api.params import MAX_ID
from api.schemas import ErrorOut

router = Router(tags=["reports"])

ReportId = Annotated[int, Path(..., ge=1, le=MAX_ID, description="ID E-LHU")]
XML_OK = {"description": "DCC 3.3.0 (XML), sama persis dengan yang tertanam di PDF E-LHU bertanda tangan",
          "content": {"application/xml": {"schema": {"type": "string"}}}}
PDF_OK = {"description": "E-LHU bertanda tangan (PDF/A-3b, PAdES B-LTA, DCC tersemat): revisi terbaru, yaitu "
                         "dengan cap waktu arsip terakhir",
          "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}


@router.get("/reports/{report_id}/dcc.xml", response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                                       422: ErrorOut},
            auth=read_auth, summary="DCC (sertifikat kalibrasi digital, XML) E-LHU bertanda tangan",
            openapi_extra={"responses": {"200": XML_OK}})
def report_dcc(request: HttpRequest, report_id: ReportId):
    """404 for a report the token's owner does not see or one without a DCC; 409 while the customer has not
    filled the survey (as the PDF)."""
    from certificates.access import visible_reports
    from certificates.content import dcc_file_name
    from certificates.dcc_issue import dcc_download, xml_response
    from certificates.models import Report

    try:
        report = visible_reports(request.user).select_related("order").get(pk=report_id)
        report, xml = dcc_download(request.user, report.order, report.pk)
    except (Report.DoesNotExist, ValidationError):
        raise Http404 from None
    return xml_response(xml, dcc_file_name(report))


@router.get("/reports/{report_id}/pdf", response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                                   422: ErrorOut},
            auth=read_auth, summary="PDF E-LHU bertanda tangan (dengan DCC tersemat)",
            openapi_extra={"responses": {"200": PDF_OK}})
def report_pdf(request: HttpRequest, report_id: ReportId):
    """The file the order page's download serves (its newest revision), recorded as a download. 404 for a
    report the token's owner does not see or one not signed; 409 while the customer has not filled the
    survey."""
    from certificates.access import visible_reports
    from certificates.models import Report
    from core.pdf import pdf_response
    from survey.services import record_report_download

    try:
        report = visible_reports(request.user).select_related("order").get(pk=report_id)
        report, content = record_report_download(request.user, report.order, report.pk)
    except (Report.DoesNotExist, ValidationError):
        raise Http404 from None
    return pdf_response(content, f"E-LHU-{report.number.replace('/', '-')}.pdf", inline=False)
