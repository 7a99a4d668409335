"""Steps 17-20 through the web pages, the draft preview, downloads and the public verify page."""
from django.urls import reverse

from certificates import services
from certificates.content import mask_name
from certificates.models import ReportStatus
from certificates.tests.conftest import pdf_text
from notifications.models import Notification
from workflow.models import AuditEntry
from workflow.states import OrderState


def _detail(order):
    return reverse("orders:detail", args=[order.pk])


def test_the_report_steps_run_through_the_web_pages(users, login, ready, passphrase,
                                                   django_capture_on_commit_callbacks):
    from certificates.demo import ensure_demo_keys

    ensure_demo_keys()
    client = login(users["ketua_pji"])
    assert "Buat nomor E-LHU" in client.get(_detail(ready)).content.decode()
    client.post(reverse("certificates:number", args=[ready.pk]))
    ready.refresh_from_db()
    assert ready.state == OrderState.NUMBERED

    client = login(users["cs"])
    page = client.get(_detail(ready)).content.decode()
    assert "Minta TTE" in page and users["kepala_balai"].full_name in page
    client.post(reverse("certificates:request_signature", args=[ready.pk]), {"signer": users["kepala_balai"].pk})
    ready.refresh_from_db()
    assert ready.state == OrderState.AWAITING_SIGNATURE and ready.signer == users["kepala_balai"]

    client = login(users["kepala_balai"])
    assert 'name="passphrase"' in client.get(_detail(ready)).content.decode()
    response = client.post(reverse("certificates:sign", args=[ready.pk]), {"passphrase": passphrase}, follow=True)
    assert response.status_code == 200
    ready.refresh_from_db()
    assert ready.state == OrderState.SIGNED

    client = login(users["cs"])
    report = ready.reports.first()
    assert reverse("certificates:download", args=[report.pk]) in client.get(_detail(ready)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:forward", args=[ready.pk]), {"checked": "on"})
    ready.refresh_from_db()
    assert ready.state == OrderState.FORWARDED
    assert Notification.objects.filter(user=ready.created_by, url__contains=str(ready.pk)).exists()


def test_cs_prints_a_draft_marked_as_such_and_the_customer_cannot(users, login, small_order_at, tmp_path):
    order = small_order_at("NUMBERED")
    report = order.reports.first()
    response = login(users["cs"]).get(reverse("certificates:preview", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "DRAF" in text and report.number in text
    assert login(users["pelanggan"]).get(reverse("certificates:preview", args=[report.pk])).status_code == 404
    assert login(users["pelanggan2"]).get(reverse("certificates:preview", args=[report.pk])).status_code == 404


def test_a_wrong_passphrase_on_the_page_shows_a_message_and_signs_nothing(users, login, awaiting_signature):
    client = login(users["kepala_balai"])
    response = client.post(reverse("certificates:sign", args=[awaiting_signature.pk]),
                           {"passphrase": "bukan-ini"}, follow=True)
    assert response.status_code == 200
    assert "Passphrase salah" in response.content.decode()
    awaiting_signature.refresh_from_db()
    assert awaiting_signature.state == OrderState.AWAITING_SIGNATURE
    assert AuditEntry.objects.filter(code="signature.wrong_passphrase", order=awaiting_signature).count() == 1


def test_another_head_of_centre_sees_who_was_asked_and_no_passphrase_field(users, login, awaiting_signature):
    from accounts.models import User, UserRole
    from accounts.roles import Role

    other = User.objects.create_user("kepala2", password="x", full_name="Ir. Budi Santoso")
    UserRole.objects.create(user=other, role=Role.KEPALA_BALAI)
    page = login(other).get(_detail(awaiting_signature)).content.decode()
    assert 'name="passphrase"' not in page and users["kepala_balai"].full_name in page


def test_staff_downloads_of_signed_reports_are_recorded(users, login, small_order_at):
    order = small_order_at("SIGNED")
    report = order.reports.first()
    response = login(users["cs"]).get(reverse("certificates:download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert services.sha256_of(response.content) == report.sha256
    entry = AuditEntry.objects.get(code="document.download", order=order)
    assert entry.actor == users["cs"] and report.number in entry.note


def test_the_customer_downloads_only_after_the_survey(users, login, small_order_at):
    order = small_order_at("FORWARDED")
    report = order.reports.first()
    client = login(users["pelanggan"])
    page = client.get(_detail(order)).content.decode()
    assert report.number in page and reverse("certificates:download", args=[report.pk]) not in page
    response = client.get(reverse("certificates:download", args=[report.pk]))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(code="document.download").exists()
    assert login(users["pelanggan2"]).get(reverse("certificates:download", args=[report.pk])).status_code == 404


def test_forwarding_needs_the_check_box_and_intact_files(users, login, small_order_at):
    order = small_order_at("SIGNED")
    client = login(users["cs"])
    client.post(reverse("certificates:forward", args=[order.pk]), {})
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED

    report = order.reports.first()
    with open(report.signed_pdf.path, "ab") as fh:
        fh.write(b"%tampered")
    response = client.post(reverse("certificates:forward", args=[order.pk]), {"checked": "on"}, follow=True)
    assert "tidak utuh" in response.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED


def test_the_order_page_shows_for_every_role_at_each_report_step(users, login, small_order_at):
    from certificates import demo

    order = small_order_at("RESULTS_READY")
    for step in (None, demo.number_reports, demo.request_signature, demo.sign, demo.forward):
        if step:
            step(users, order)
        for name in ("pelanggan", "cs", "ketua_pji", "kepala_balai", "mt", "penyelia"):
            assert login(users[name]).get(_detail(order)).status_code == 200


def test_the_verify_page_shows_the_status_without_login(client, users, small_order_at):
    order = small_order_at("SIGNED")
    report = order.reports.select_related("instrument").first()
    page = client.get(reverse("certificates:verify", args=[report.token])).content.decode()
    assert report.number in page and report.get_status_display() in page
    assert report.instrument.serial_number in page and users["kepala_balai"].full_name in page
    assert order.company.name not in page and mask_name(order.company.name) in page
    assert report.status == ReportStatus.SIGNED


def test_the_verify_page_says_when_a_report_is_not_signed_yet(client, small_order_at):
    report = small_order_at("NUMBERED").reports.first()
    page = client.get(reverse("certificates:verify", args=[report.token])).content.decode()
    assert "belum ditandatangani" in page
    assert client.get(reverse("certificates:verify", args=["tidak-ada"])).status_code == 404
