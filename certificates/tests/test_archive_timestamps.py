"""manage.py archive_timestamps on a signed E-LHU: the signed PDF is kept as revision 0, the archival
timestamp is revision 1 (the same bytes with one more incremental update), both SHA-256 are kept, and
the verify page and POST /api/verify accept each of them."""
import datetime as dt
import io
import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from certificates import ltv, services, verification
from certificates.demo import DEMO_PASSPHRASE
from certificates.models import ReportRevision
from workflow.models import AuditEntry


def test_archival_timestamp_is_a_new_revision_and_every_revision_verifies(users, asked_to_sign, settings, tmp_path):
    settings.VERIFY_UPLOADS_PER_MINUTE = 100
    order, [report] = asked_to_sign(1)
    services.sign_reports(users["kepala_balai"], order.pk, DEMO_PASSPHRASE)
    report.refresh_from_db()
    original = services.signed_content(report)
    assert ltv.signature_level(original) == ltv.B_LTA
    assert ltv.check_long_term(original).passed  # the real E-LHU, only the demo CA trusted, offline
    if shutil.which("pdfsig"):
        (tmp_path / "e-lhu.pdf").write_bytes(original)
        said = subprocess.run(["pdfsig", str(tmp_path / "e-lhu.pdf")], capture_output=True, text=True).stdout
        assert "Signature is Valid." in said.split("Signature #2:")[0]

    # nothing is due yet (the demo TSA certificate has years ahead of it): only revision 0 is recorded
    out = io.StringIO()
    call_command("archive_timestamps", "--days", "30", stdout=out)
    assert "renewed: 0" in out.getvalue()
    [r0] = ReportRevision.objects.filter(report=report)
    assert r0.number == 0 and r0.sha256 == report.sha256 and r0.pdf.name == report.signed_pdf.name
    assert r0.timestamp_expires > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=365)

    call_command("archive_timestamps", "--all", stdout=io.StringIO())
    r1 = ReportRevision.objects.get(report=report, number=1)
    renewed = r1.pdf.read()
    r1.pdf.close()
    assert renewed.startswith(original) and len(renewed) > len(original)
    assert r1.sha256 == services.sha256_of(renewed) != report.sha256
    assert len(ltv._reader(renewed).embedded_timestamp_signatures) == 2
    report.refresh_from_db()
    assert services.signed_content(report) == original  # the signed PDF is never altered
    assert AuditEntry.objects.filter(code="report.archive_timestamp").count() == 1
    assert ltv.check_long_term(renewed).passed

    # the verify page takes either file as this report
    for content, revision in ((original, 0), (renewed, 1)):
        check = verification.check_upload(report, content)
        assert check.identical and check.revision == revision and check.signature.ok
        page = Client().post(reverse("certificates:verify", args=[report.token]),
                             {"pdf": SimpleUploadedFile("E-LHU.pdf", content, content_type="application/pdf")})
        assert "Berkas identik" in page.content.decode()

    # and so does the API, saying which revision it is
    answer = Client().post("/api/verify", {"file": SimpleUploadedFile("x.pdf", renewed)}).json()
    assert answer["valid"] and answer["identical"] and answer["revision"] == 1
    assert answer["report"]["number"] == report.number and answer["signature"]["level"] == "B-LTA"

    # a second run finds the newest revision not due and adds nothing
    call_command("archive_timestamps", stdout=io.StringIO())
    assert ReportRevision.objects.filter(report=report).count() == 2
