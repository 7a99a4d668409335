"""Personal data (UU 27/2022): consent with the notice's version, the download, correction and
deletion requests decided by ADMIN; deletion anonymises the person and keeps what the law keeps."""
import json

import pytest
from django.core import mail
from django.test import Client

from accounts.models import ConsentRecord, DataRequestStatus, PersonalDataRequest, User
from accounts.privacy import PRIVACY_NOTICE_VERSION
from billing.models import Billing
from certificates.models import Report
from core.tests.support import NIK, valid_npwp
from notifications.models import OutgoingMail
from workflow.models import AuditEntry

PASSWORD = "Timbangan#Presisi-2026"


@pytest.mark.django_db
def test_registration_records_consent_with_the_privacy_notice_version(client, users):
    assert str(PRIVACY_NOTICE_VERSION) in client.get("/accounts/privacy/").content.decode()
    client.post("/accounts/register/", {
        "full_name": "Sri Wahyuni", "email": "sri@ukurtepat.co.id", "phone": "0711-354120", "nik": NIK,
        "company_name": "PT Ukur Tepat", "npwp": valid_npwp(3), "address": "Jl. Sudirman 9, Palembang",
        "password1": PASSWORD, "password2": PASSWORD, "consent": "on"})
    account = User.objects.get(email="sri@ukurtepat.co.id")
    consent = ConsentRecord.objects.get(user=account)
    assert consent.notice_version == PRIVACY_NOTICE_VERSION and consent.context == "registration" and consent.given_at
    assert account.is_company_owner  # the first member of a new company


@pytest.mark.django_db
def test_a_customer_downloads_their_personal_data(users, login, order_at):
    customer = users["pelanggan"]
    order = order_at("VALIDATED")
    ConsentRecord.objects.create(user=customer, notice_version=PRIVACY_NOTICE_VERSION, context="registration")
    response = login(customer).get("/accounts/my-data/download/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == customer.email and data["profile"]["nik"] == customer.nik
    assert data["company"]["npwp"] == customer.company.npwp
    assert data["consents"][0]["notice_version"] == PRIVACY_NOTICE_VERSION
    assert [o["number"] for o in data["orders_created"]] == [order.number]
    assert any(e["code"] == "order.submit" and e["by_me"] for e in data["audit_entries"])
    assert AuditEntry.objects.filter(code="account.data_exported", account=customer).exists()
    assert login(users["cs"]).get("/accounts/my-data/download/").status_code == 404  # customers' page


@pytest.mark.django_db
def test_a_correction_request_is_decided_by_the_admin_and_the_customer_told(
        users, login, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    client = login(customer)
    assert "Kirim permintaan perbaikan" in client.get("/accounts/my-data/").content.decode()
    response = client.post("/accounts/my-data/request/CORRECTION/", {"details": ""}, follow=True)
    assert "data mana yang salah" in response.content.decode()  # says what is missing
    client.post("/accounts/my-data/request/CORRECTION/", {"details": "Nomor HP saya sekarang 0812-1111-2222"})
    item = PersonalDataRequest.objects.get(user=customer)
    assert users["admin"].notifications.filter(url=f"/accounts/data-requests/{item.pk}/").exists()

    for name in ("pelanggan", "cs", "pelanggan2"):
        assert login(users[name]).get(f"/accounts/data-requests/{item.pk}/").status_code == 404, name
    admin = login(users["admin"])
    assert customer.full_name in admin.get("/accounts/data-requests/").content.decode()
    detail = admin.get(f"/accounts/data-requests/{item.pk}/").content.decode()
    assert "Nomor HP saya sekarang" in detail and customer.phone in detail
    response = admin.post(f"/accounts/data-requests/{item.pk}/decide/",
                          {"decision": "done", "nik": "12345", "reason": "x"}, follow=True)
    assert "NIK harus 16 digit" in response.content.decode()
    response = admin.post(f"/accounts/data-requests/{item.pk}/decide/",
                          {"decision": "done", "phone": "0812-1111-2222", "reason": ""}, follow=True)
    assert "alasan" in response.content.decode() and User.objects.get(pk=customer.pk).phone != "0812-1111-2222"
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/accounts/data-requests/{item.pk}/decide/",
                   {"decision": "done", "phone": "0812-1111-2222", "nik": "", "reason": "Sesuai KTP terlampir."})
    item.refresh_from_db()
    assert item.status == DataRequestStatus.DONE and item.handled_by == users["admin"]
    assert User.objects.get(pk=customer.pk).phone == "0812-1111-2222"
    assert any(m.to == [customer.email] and "Sesuai KTP terlampir." in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_deletion_anonymises_the_person_and_keeps_orders_billings_and_reports_intact(
        users, login, order_at, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    order = order_at("FORWARDED")
    billings = list(Billing.objects.filter(order=order).values())
    reports = list(Report.objects.filter(order=order).values())
    trail = list(AuditEntry.objects.filter(order=order).values("id", "actor_id", "code", "at"))
    assert billings and reports and trail
    old = {"email": customer.email, "nik": customer.nik, "phone": customer.phone, "name": customer.full_name}

    login(customer).post("/accounts/my-data/request/DELETION/", {"details": "Saya pindah kerja."})
    item = PersonalDataRequest.objects.get(user=customer)
    assert "menganonimkan" in login(users["admin"]).get(f"/accounts/data-requests/{item.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        login(users["admin"]).post(f"/accounts/data-requests/{item.pk}/decide/",
                                   {"decision": "done", "reason": "Tidak ada kewajiban yang tertunda."})
    person = User.objects.get(pk=customer.pk)
    assert person.full_name.startswith("Pengguna terhapus") and person.email.endswith(".invalid")
    assert person.nik == "" and person.phone == "" and person.username == f"deleted-{person.pk}"
    assert not person.is_active and not person.has_usable_password() and person.anonymised_at
    assert not person.notifications.exists()
    assert any(m.to == [old["email"]] and "Dilaksanakan" in m.subject for m in mail.outbox)  # told, once more
    assert not OutgoingMail.objects.filter(to__iexact=old["email"]).exists()  # and the outbox forgets them
    assert not OutgoingMail.objects.filter(body__contains=old["name"]).exists()

    # What the law keeps is unchanged and still points to the same (now anonymous) account.
    order.refresh_from_db()
    assert order.created_by_id == person.pk and order.company_id == person.company_id
    assert list(Billing.objects.filter(order=order).values()) == billings
    assert list(Report.objects.filter(order=order).values()) == reports
    assert list(AuditEntry.objects.filter(order=order).values("id", "actor_id", "code", "at")) == trail
    page = login(users["cs"]).get(f"/orders/{order.pk}/").content.decode()
    assert order.number in page and old["name"] not in page and old["email"] not in page

    assert Client().post("/accounts/login/", {"username": old["email"], "password": "Kalibrasi#2026"}).status_code == 200


@pytest.mark.django_db
def test_a_refused_deletion_leaves_the_person_as_they_were(users, login, django_capture_on_commit_callbacks):
    customer = users["pelanggan"]
    login(customer).post("/accounts/my-data/request/DELETION/", {"details": ""})
    again = login(customer).post("/accounts/my-data/request/DELETION/", {"details": ""}, follow=True)
    assert "sedang diproses" in again.content.decode()
    item = PersonalDataRequest.objects.get(user=customer)
    with django_capture_on_commit_callbacks(execute=True):
        login(users["admin"]).post(f"/accounts/data-requests/{item.pk}/decide/",
                                   {"decision": "refuse", "reason": "Masih ada tagihan yang belum dibayar."})
    item.refresh_from_db()
    assert item.status == DataRequestStatus.REFUSED
    person = User.objects.get(pk=customer.pk)
    assert person.is_active and person.email == customer.email and person.anonymised_at is None
    assert any(m.to == [customer.email] and "Masih ada tagihan" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_a_data_request_moves_through_the_engine_and_waits_in_the_admins_inbox(
        users, login, django_capture_on_commit_callbacks):
    from accounts import personal_data
    from workflow.engine import TransitionNotAllowed
    from workflow.inbox import inbox

    customer, admin = users["pelanggan"], users["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        item = personal_data.ask(customer, "CORRECTION", "Nomor telepon saya salah.")
    assert [i.obj.pk for i in inbox(admin, "ADMIN") if i.subject == "data_request"] == [item.pk]
    page = login(admin).get("/workflow/inbox/ADMIN/").content.decode()
    assert f'href="/accounts/data-requests/{item.pk}/"' in page and "Menunggu diproses" in page
    # The admins get the one notice the request sends, not a second one from the engine.
    assert admin.notifications.count() == 1

    with pytest.raises(TransitionNotAllowed) as refused:
        personal_data.decide(users["cs"], item.pk, done=False, reason="Bukan wewenang saya.")
    assert "tidak berwenang" in refused.value.message
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.decide(admin, item.pk, done=False, reason="Nomor sudah benar.")
    item.refresh_from_db()
    assert item.status == DataRequestStatus.REFUSED and item.handled_at <= item.state_entered_at
    assert [i for i in inbox(admin, "ADMIN") if i.subject == "data_request"] == []
    trail = AuditEntry.objects.filter(subject="data_request", object_id=item.pk).order_by("at", "id")
    assert [(e.code, e.role, e.from_state, e.to_state, e.account_id) for e in trail] == [
        ("data_request.file", "PELANGGAN", "", "OPEN", customer.pk),
        ("data_request.refuse", "ADMIN", "OPEN", "REFUSED", customer.pk)]
    assert trail[1].note == "Nomor sudah benar."
    # The person's download lists both, in words.
    mine = [e["what"] for e in personal_data.export_personal_data(customer)["audit_entries"]]
    assert "Meminta perbaikan atau penghapusan data pribadi" in mine
    assert "Menolak permintaan data pribadi (dengan alasan)" in mine
