"""Complaints (ISO/IEC 17025 7.9): lodged by the customer, acknowledged by CS, assigned, answered,
closed and reopened once, with their history, notices to the customer, scope and counts."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import services, stats
from complaints.models import Complaint
from complaints.states import ComplaintState
from notifications.models import Notification
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.mark.django_db
def test_a_complaint_travels_from_lodged_to_closed_with_its_history_and_notices(
        users, order_at, login, django_capture_on_commit_callbacks):
    customer, cs, kpji = users["pelanggan"], users["cs"], users["ketua_pji"]
    order = order_at("PAID")
    client = login(customer)
    assert "Ajukan pengaduan" in client.get(f"/orders/{order.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/complaints/order/{order.pk}/new/",
                               {"subject": "Alat belum diterima", "description": "Sudah dikirim 3 hari lalu."})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/complaints/{complaint.pk}/"
    assert complaint.state == ComplaintState.LODGED and complaint.company == customer.company
    assert Notification.objects.filter(user=cs, kind="complaint", url=f"/complaints/{complaint.pk}/").exists()

    client = login(cs)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/complaints/{complaint.pk}/do/acknowledge/", {"note": "Kami periksa."})
    assert any("telah diterima dan sedang ditangani" in m.subject for m in mails_to(customer))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/complaints/{complaint.pk}/do/assign/", {"assignee": kpji.pk, "note": ""})
    complaint.refresh_from_db()
    assert (complaint.state, complaint.assignee) == (ComplaintState.ASSIGNED, kpji)
    assert Notification.objects.filter(user=kpji, url=f"/complaints/{complaint.pk}/").exists()

    # CS may not answer in the assignee's place.
    with pytest.raises(TransitionNotAllowed):
        services.answer(cs, complaint.pk, "Jawaban")
    client = login(kpji)
    assert "Kirim jawaban" in client.get(f"/complaints/{complaint.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/complaints/{complaint.pk}/do/answer/", {"text": "Alat diterima hari ini, maaf atas keterlambatan."})
    assert any("telah dijawab" in m.subject for m in mails_to(customer))

    client = login(customer)
    client.post(f"/complaints/{complaint.pk}/do/reopen/", {"reason": "Belum ada nomor sampel."})
    complaint.refresh_from_db()
    assert (complaint.state, complaint.reopen_count) == (ComplaintState.ASSIGNED, 1)
    services.answer(kpji, complaint.pk, "Nomor sampel sudah dibuat.")
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Buka kembali" not in page  # once only
    with pytest.raises(TransitionNotAllowed):
        services.reopen(customer, complaint.pk, "Lagi")
    client.post(f"/complaints/{complaint.pk}/do/close/", {"note": "Terima kasih."})
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED and complaint.closed_at is not None

    history = [(e.code, e.actor.username, e.to_state) for e in services.history(complaint)]
    assert history == [
        ("complaint.lodge", "pelanggan", "LODGED"), ("complaint.acknowledge", "cs", "ACKNOWLEDGED"),
        ("complaint.assign", "cs", "ASSIGNED"), ("complaint.answer", "ketua_pji", "ANSWERED"),
        ("complaint.reopen", "pelanggan", "ASSIGNED"), ("complaint.answer", "ketua_pji", "ANSWERED"),
        ("complaint.close", "pelanggan", "CLOSED"),
    ]
    assert AuditEntry.objects.filter(code__startswith="complaint.").count() == 7


@pytest.mark.django_db
def test_scope_those_who_see_the_order_and_the_assignee_see_a_complaint(users, order_at, login):
    from demo.road import demo_lines

    order = order_at("SUBMITTED", lines=demo_lines(count_mass=2, count_temp=0))  # mass laboratory only
    complaint = services.lodge(users["pelanggan"], order.pk, "Harga", "Mengapa harganya begini?")
    url = f"/complaints/{complaint.pk}/"
    assert login(users["pelanggan2"]).get(url).status_code == 404
    assert "Mengapa harganya" not in login(users["pelanggan2"]).get("/complaints/").content.decode()
    assert login(users["pelanggan2"]).get(f"/complaints/order/{order.pk}/new/").status_code == 404
    with pytest.raises(TransitionNotAllowed):
        services.lodge(users["pelanggan2"], order.pk, "Bukan milik saya", "x")
    for name, status in (("penyelia2", 404), ("analis", 404), ("penyelia", 200), ("cs", 200), ("pelanggan", 200)):
        assert login(users[name]).get(url).status_code == status, name
    services.acknowledge(users["cs"], complaint.pk)
    services.assign(users["cs"], complaint.pk, users["penyelia2"].pk)
    assert login(users["penyelia2"]).get(url).status_code == 200  # the assignee, from another laboratory
    # The customer may not act for CS, and a bad assignee is refused with a message.
    with pytest.raises(TransitionNotAllowed):
        services.acknowledge(users["pelanggan"], complaint.pk)
    with pytest.raises(ValidationError):
        services.assign(users["cs"], complaint.pk, users["pelanggan"].pk)
    response = login(users["pelanggan"]).post(f"{url}do/answer/", {"text": "Saya jawab sendiri"}, follow=True)
    assert "tidak berwenang" in response.content.decode()


@pytest.mark.django_db
def test_a_draft_order_cannot_be_complained_about_and_empty_text_is_refused(users, order_at):
    draft = order_at()
    with pytest.raises(TransitionNotAllowed):
        services.lodge(users["pelanggan"], draft.pk, "Perihal", "Uraian")
    submitted = order_at("SUBMITTED")
    with pytest.raises(ValidationError):
        services.lodge(users["pelanggan"], submitted.pk, "Perihal", "   ")


@pytest.mark.django_db
def test_staff_list_filters_and_counts_by_period(users, order_at, login):
    order = order_at("SUBMITTED")
    first = services.lodge(users["pelanggan"], order.pk, "Lambat", "Validasi lama.")
    second = services.lodge(users["pelanggan"], order.pk, "Harga", "Tarif salah.")
    services.acknowledge(users["cs"], second.pk)
    Complaint.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=40))

    client = login(users["cs"])
    page = client.get("/complaints/", {"state": "ACKNOWLEDGED"}).content.decode()
    assert "Tarif salah" not in page and "Harga" in page and "Lambat" not in page
    page = client.get("/complaints/", {"start": "not-a-date"}).content.decode()
    assert "Periksa isian saringan" in page

    today = timezone.localdate()
    counts = stats.count_by_period(today - timedelta(days=7), today)
    assert counts["total"] == 1 and counts["by_state"]["ACKNOWLEDGED"] == 1 and counts["open"] == 1
    counts = stats.count_by_period(today - timedelta(days=60), today)
    assert counts["total"] == 2 and counts["by_state"]["LODGED"] == 1 and sum(counts["by_month"].values()) == 2


@pytest.mark.django_db
def test_a_complaint_goes_only_to_its_units_staff_and_another_units_cs_cannot_act_on_it(users, order_at, login):
    """A unit's CS acts on its unit's complaints only, and gives one only to a member of staff of the
    order's unit: the officer of another unit would read another unit's order."""
    from accounts.models import User, UserRole
    from accounts.roles import Role
    from units.models import Unit

    other = Unit.objects.create(code="bbk-jayapura", name="Balai Jayapura", short_name="BJ Jayapura",
                                time_zone="Asia/Jayapura", office_start="08:00", office_end="16:00")
    outsider = User.objects.create_user(username="kpji_jayapura", email="kpji@jayapura.example", password="x",
                                        full_name="Ketua PJI Jayapura")
    UserRole.objects.create(user=outsider, role=Role.KETUA_PJI, unit=other)
    their_cs = User.objects.create_user(username="cs_jayapura", email="cs@jayapura.example", password="x",
                                        full_name="CS Jayapura")
    UserRole.objects.create(user=their_cs, role=Role.CS, unit=other)
    order = order_at("SUBMITTED")
    complaint = services.lodge(users["pelanggan"], order.pk, "Harga", "Mengapa harganya begini?")
    with pytest.raises(TransitionNotAllowed):
        services.acknowledge(User.objects.get(pk=their_cs.pk), complaint.pk)
    assert login(their_cs).get(f"/complaints/{complaint.pk}/").status_code == 404
    services.acknowledge(users["cs"], complaint.pk)
    with pytest.raises(ValidationError):
        services.assign(users["cs"], complaint.pk, outsider.pk)
    assert Complaint.objects.get(pk=complaint.pk).assignee_id is None
    services.assign(users["cs"], complaint.pk, users["ketua_pji"].pk)
    assert Complaint.objects.get(pk=complaint.pk).assignee_id == users["ketua_pji"].pk
