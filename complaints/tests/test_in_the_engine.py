"""Complaints in the SOP engine: the history the complaint page and the order's timeline show is the
complaint's audit entries (lines of the old history moved into them by the migration), the rows are in
the SOP table, a complaint waits in CS's and in its assignee's inbox, and a role the table does not
name is refused with the engine's words."""
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from complaints import services
from complaints.models import Complaint
from workflow.engine import TransitionNotAllowed
from workflow.inbox import inbox, inbox_counts
from workflow.models import AuditEntry


@pytest.mark.django_db
def test_the_history_on_the_complaint_page_and_the_order_timeline_comes_from_audit_entries(users, order_at, login):
    customer, cs, kpji = users["pelanggan"], users["cs"], users["ketua_pji"]
    order = order_at("PAID")
    complaint = services.lodge(customer, order.pk, "Alat belum diterima", "Sudah dikirim 3 hari lalu.")
    services.acknowledge(cs, complaint.pk, "Kami periksa gudang.")
    services.assign(cs, complaint.pk, kpji.pk)
    entries = AuditEntry.objects.filter(subject="complaint", object_id=complaint.pk).order_by("at", "id")
    assert [(e.code, e.role, e.from_state, e.to_state, e.order_id) for e in entries] == [
        ("complaint.lodge", "PELANGGAN", "", "LODGED", order.pk),
        ("complaint.acknowledge", "CS", "LODGED", "ACKNOWLEDGED", order.pk),
        ("complaint.assign", "CS", "ACKNOWLEDGED", "ASSIGNED", order.pk),
    ]
    assert entries[2].data == {"assignee": kpji.pk}

    page = login(customer).get(f"/complaints/{complaint.pk}/").content.decode()
    history = page[page.index('id="history"'):]
    for words in ("Mengajukan pengaduan", "Sudah dikirim 3 hari lalu.", "Menanggapi pengaduan", "Kami periksa gudang.",
                  "Menugaskan petugas", str(kpji)):
        assert words in history, words
    timeline = login(customer).get(f"/orders/{order.pk}/").content.decode()
    timeline = timeline[timeline.index("Linimasa"):]
    assert "Menanggapi pengaduan" in timeline and "Kami periksa gudang." in timeline
    assert "complaint." not in timeline  # labels, never codes


def _world_before_the_move(users, order_at):
    """Back to the complaints app as it was (its own history table), with one complaint and its lines;
    the acknowledgement also has the audit entry the old services wrote beside each line."""
    order = order_at("PAID")
    executor = MigrationExecutor(connection)
    executor.migrate([("complaints", "0002_due_at")])
    old = executor.loader.project_state([("complaints", "0002_due_at")]).apps
    OldComplaint, Line = old.get_model("complaints", "Complaint"), old.get_model("complaints", "ComplaintEntry")
    customer, cs, kpji = users["pelanggan"], users["cs"], users["ketua_pji"]
    complaint = OldComplaint.objects.create(order_id=order.pk, company_id=order.company_id, raised_by_id=customer.pk,
                                            subject="Sertifikat salah nama", description="Nama PT salah eja.",
                                            state="ASSIGNED", assignee_id=kpji.pk)
    lodged = Line.objects.create(complaint=complaint, actor_id=customer.pk, action="lodge", to_state="LODGED",
                                 text="Nama PT salah eja.")
    ack = Line.objects.create(complaint=complaint, actor_id=cs.pk, action="acknowledge", from_state="LODGED",
                              to_state="ACKNOWLEDGED", text="Segera kami perbaiki.")
    Line.objects.create(complaint=complaint, actor_id=cs.pk, action="assign", from_state="ACKNOWLEDGED",
                        to_state="ASSIGNED", assignee_id=kpji.pk)
    AuditEntry.objects.create(at=ack.at, actor=cs, role="CS", code="complaint.acknowledge", note="Segera kami perbaiki.",
                              data={"complaint": complaint.pk, "order": order.pk, "from": "LODGED", "to": "ACKNOWLEDGED"})
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    return order, Complaint.objects.get(pk=complaint.pk), lodged


@pytest.mark.django_db(transaction=True)
def test_the_old_history_lines_become_the_complaints_audit_entries_without_doubles(users, order_at, login):
    order, complaint, lodged = _world_before_the_move(users, order_at)
    entries = list(AuditEntry.objects.filter(subject="complaint", object_id=complaint.pk).order_by("at", "id"))
    assert [(e.code, e.actor.username, e.role, e.from_state, e.to_state, e.order_id) for e in entries] == [
        ("complaint.lodge", "pelanggan", "PELANGGAN", "", "LODGED", order.pk),
        ("complaint.acknowledge", "cs", "CS", "LODGED", "ACKNOWLEDGED", order.pk),
        ("complaint.assign", "cs", "CS", "ACKNOWLEDGED", "ASSIGNED", order.pk),
    ]
    assert entries[0].at == lodged.at and entries[0].note == "Nama PT salah eja."
    assert entries[2].data == {"assignee": users["ketua_pji"].pk}
    # The audit entry written beside the acknowledgement is that same event: linked, not doubled.
    assert AuditEntry.objects.filter(code="complaint.acknowledge").count() == 1
    assert entries[1].data == {}

    page = login(users["pelanggan"]).get(f"/complaints/{complaint.pk}/").content.decode()
    history = page[page.index('id="history"'):]
    assert "Segera kami perbaiki." in history and "Menugaskan petugas" in history
    assert str(users["ketua_pji"]) in history
    timeline = login(users["cs"]).get(f"/orders/{order.pk}/").content.decode()
    assert "Menanggapi pengaduan" in timeline[timeline.index("Linimasa"):]
    # The moved complaint goes on through the engine: its assignee answers it.
    services.answer(users["ketua_pji"], complaint.pk, "Sertifikat diterbitkan ulang.")
    assert AuditEntry.objects.filter(subject="complaint", object_id=complaint.pk).count() == 4


def test_manage_sop_lists_the_complaint_and_data_request_rows():
    out = io.StringIO()
    call_command("sop", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    mine = {(r["code"], r["actor"], tuple(r["from"]), r["to"], r["in_inbox"]) for r in rows
            if r["subject"] in ("complaint", "data_request")}
    assert ("complaint.lodge", "PELANGGAN", (), "LODGED", False) in mine
    assert ("complaint.acknowledge", "CS", ("LODGED",), "ACKNOWLEDGED", True) in mine
    assert ("complaint.assign", "CS", ("ASSIGNED",), "ASSIGNED", False) in mine  # re-assignment
    assert {a for c, a, *_ in mine if c == "complaint.answer"} == {"KETUA_PJI", "PENYELIA", "MT", "CS"}
    assert {a for c, a, *_ in mine if c == "complaint.close"} == {"CS", "PELANGGAN"}
    assert ("complaint.reopen", "PELANGGAN", ("ANSWERED",), "ASSIGNED", True) in mine
    assert ("data_request.file", "PELANGGAN", (), "OPEN", False) in mine
    assert ("data_request.done", "ADMIN", ("OPEN",), "DONE", True) in mine
    assert ("data_request.refuse", "ADMIN", ("OPEN",), "REFUSED", True) in mine
    assert all(r["step"] is None and r["norm_minutes"] is None and r["norm_working_days"] is None
               for r in rows if r["subject"] in ("complaint", "data_request"))


def _waiting(user, role):
    return [item.obj.pk for item in inbox(user, role) if item.subject == "complaint"]


@pytest.mark.django_db
def test_a_complaint_waits_in_cs_inbox_then_in_its_assignees_and_then_the_customers(users, order_at, login):
    customer, cs, kpji, penyelia = users["pelanggan"], users["cs"], users["ketua_pji"], users["penyelia"]
    complaint = services.lodge(customer, order_at("PAID").pk, "Lambat", "Belum ada kabar.")
    assert _waiting(cs, "CS") == [complaint.pk] and inbox_counts(cs)["CS"] >= 1
    services.acknowledge(cs, complaint.pk)
    assert _waiting(cs, "CS") == [complaint.pk]  # still CS's: to assign
    page = login(cs).get("/workflow/inbox/CS/").content.decode()
    assert f'href="/complaints/{complaint.pk}/"' in page and "Ditanggapi CS, menunggu penugasan" in page

    services.assign(cs, complaint.pk, kpji.pk)
    assert _waiting(cs, "CS") == [] and _waiting(kpji, "KETUA_PJI") == [complaint.pk]
    assert _waiting(penyelia, "PENYELIA") == []  # another member of staff does not hold it
    services.assign(cs, complaint.pk, cs.pk)  # CS gives it to itself: waits for CS, as the assignee
    assert _waiting(kpji, "KETUA_PJI") == [] and _waiting(cs, "CS") == [complaint.pk]
    other_cs = _other(users, "CS")
    assert _waiting(other_cs, "CS") == []
    with pytest.raises(TransitionNotAllowed):
        services.answer(other_cs, complaint.pk, "Bukan saya yang memegangnya.")
    services.answer(cs, complaint.pk, "Sudah kami kabari.")
    assert _waiting(customer, "PELANGGAN") == [complaint.pk] and _waiting(users["pelanggan2"], "PELANGGAN") == []
    services.close(customer, complaint.pk)
    assert _waiting(customer, "PELANGGAN") == [] and _waiting(cs, "CS") == []


def _other(users, role):
    from accounts.models import User

    other = User.objects.create_user(username=f"lain-{role.lower()}", email=f"lain-{role.lower()}@example.com",
                                     password="x", full_name="Petugas Lain", state="ACTIVE")
    other.roles.create(role=role)
    return User.objects.get(pk=other.pk)


@pytest.mark.django_db
def test_a_role_the_table_does_not_name_gets_the_engines_message(users, order_at, login):
    complaint = services.lodge(users["pelanggan"], order_at("PAID").pk, "Harga", "Tarif salah.")
    with pytest.raises(TransitionNotAllowed) as refused:
        services.acknowledge(users["bendahara"], complaint.pk)
    assert refused.value.message == "Peran Anda tidak berwenang untuk langkah “Menanggapi pengaduan”."
    response = login(users["pelanggan"]).post(f"/complaints/{complaint.pk}/do/acknowledge/", {"note": ""}, follow=True)
    assert "Peran Anda tidak berwenang untuk langkah “Menanggapi pengaduan”." in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).state == "LODGED"
