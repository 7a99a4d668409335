"""The report (E-LHU) and its corrections/revocations as subjects of the SOP engine: their rows in the SOP
table, an audit entry about the item for every status it takes, on the order's timeline in words, the
engine's refusals, and the Ketua Tim PJI's inbox of requests."""
import importlib
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates import amendments
from certificates import batch as batches
from certificates.demo import DEMO_PASSPHRASE
from certificates.models import ChangeKind, ChangeStatus, Report, ReportChange, ReportStatus
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry
from workflow.table import rows_for

REPORT_ROWS = {  # code: (actor, sources, target)
    "report.number": ("KETUA_PJI", [], "NUMBERED"),
    "report.sign": ("KEPALA_BALAI", ["NUMBERED"], "SIGNED"),
    "report.supersede": ("KEPALA_BALAI", ["SIGNED"], "SUPERSEDED"),
    "report.revoke": ("KETUA_PJI", ["SIGNED"], "REVOKED"),
    "report_change.request": ("CS", [], "REQUESTED"),
    "report_change.approve": ("KETUA_PJI", ["REQUESTED"], "APPROVED"),
    "report_change.revoke": ("KETUA_PJI", ["REQUESTED"], "DONE"),
    "report_change.reject": ("KETUA_PJI", ["REQUESTED"], "REJECTED"),
    "report_change.complete": ("KEPALA_BALAI", ["APPROVED"], "DONE"),
}


def _name(code: str) -> str:
    return rows_for(code)[0].name_id


def test_the_sop_table_lists_the_report_and_its_changes_as_other_lifecycles(db):
    out = io.StringIO()
    call_command("sop", "--json", stdout=out)
    rows = {r["code"]: r for r in json.loads(out.getvalue()) if r["subject"] in ("report", "report_change")}
    assert set(rows) == set(REPORT_ROWS)
    for code, (actor, sources, target) in REPORT_ROWS.items():
        row = rows[code]
        assert (row["actor"], row["from"], row["to"], row["step"]) == (actor, sources, target, None), code
        assert row["name_id"] and row["name_en"]
    # the decision waits in the Ketua Tim PJI's inbox; nothing else is listed a second time
    assert {c for c, r in rows.items() if r["in_inbox"]} == {"report_change.approve", "report_change.revoke",
                                                             "report_change.reject"}


def _history(obj):
    subject = "report" if isinstance(obj, Report) else "report_change"
    return list(AuditEntry.objects.filter(subject=subject, object_id=obj.pk).order_by("at", "id")
                .values_list("code", "to_state", "order_id"))


def test_every_status_of_a_report_and_a_change_is_audited_and_on_the_order_timeline(users, login, small_order_at,
                                                                                   passphrase):
    order = small_order_at("FORWARDED")
    first = order.reports.get()
    assert _history(first) == [("report.number", "NUMBERED", order.pk), ("report.sign", "SIGNED", order.pk)]
    assert AuditEntry.objects.get(code="report.sign", object_id=first.pk).actor == users["kepala_balai"]

    cs, pji, head = users["cs"], users["ketua_pji"], users["kepala_balai"]
    fix = amendments.request_change(cs, first.pk, ChangeKind.AMENDMENT, "Nama pelanggan salah ketik.")
    amendments.approve_change(pji, fix.pk)
    fix.refresh_from_db()
    second = fix.new_report
    amendments.sign_amendment(head, fix.pk, passphrase)
    refused = amendments.request_change(cs, second.pk, ChangeKind.REVOCATION, "Permintaan pertama.")
    amendments.reject_change(pji, refused.pk, "Alasan tidak cukup.")
    revoked = amendments.request_change(cs, second.pk, ChangeKind.REVOCATION, "Alat tertukar saat diterima.")
    amendments.approve_change(pji, revoked.pk, "Disetujui.")

    for obj in (first, second, fix, refused, revoked):
        obj.refresh_from_db()
    assert (first.status, second.status) == (ReportStatus.SUPERSEDED, ReportStatus.REVOKED)
    assert (fix.status, refused.status, revoked.status) == (ChangeStatus.DONE, ChangeStatus.REJECTED, ChangeStatus.DONE)
    assert _history(first)[2:] == [("report.supersede", "SUPERSEDED", order.pk)]
    assert _history(second) == [("report.number", "NUMBERED", order.pk), ("report.sign", "SIGNED", order.pk),
                                ("report.revoke", "REVOKED", order.pk)]
    assert _history(fix) == [("report_change.request", "REQUESTED", order.pk), ("report_change.approve", "APPROVED", order.pk),
                             ("report_change.complete", "DONE", order.pk)]
    assert _history(refused) == [("report_change.request", "REQUESTED", order.pk),
                                 ("report_change.reject", "REJECTED", order.pk)]
    assert _history(revoked) == [("report_change.request", "REQUESTED", order.pk), ("report_change.revoke", "DONE", order.pk)]
    # who did each, and the reasons kept
    assert AuditEntry.objects.get(code="report.supersede").actor == head
    assert AuditEntry.objects.get(code="report.revoke").actor == pji
    assert AuditEntry.objects.get(code="report_change.reject").note == "Alasan tidak cukup."
    assert AuditEntry.objects.get(code="report_change.request", object_id=refused.pk).note == "Permintaan pertama."
    # the old codes are no longer written for these events
    assert not AuditEntry.objects.filter(code__in=["report.amendment_requested", "report.revocation_requested",
                                                   "report.amendment_approved", "report.amendment_signed",
                                                   "report.revoked", "report.change_rejected"]).exists()
    # a change's clock starts again with each status it enters
    assert revoked.state_entered_at >= refused.state_entered_at and revoked.due_at is None

    page = login(users["cs"]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    for code in REPORT_ROWS:
        assert _name(code) in page, code
    assert "report_change." not in page and "report.sign" not in page


def test_a_batch_signs_each_report_in_the_heads_name(users, asked_to_sign, signing_cache):
    head = users["kepala_balai"]
    order, reports = asked_to_sign(2)
    batches.start_batch(head, [r.pk for r in reports], DEMO_PASSPHRASE)
    for report in reports:
        entry = AuditEntry.objects.get(subject="report", object_id=report.pk, code="report.sign")
        assert (entry.actor, entry.role, entry.order_id, entry.data["batch"]) == (head, "KEPALA_BALAI", order.pk, True)


def test_a_role_without_the_step_gets_the_engines_words(users, small_order_at, passphrase):
    order = small_order_at("FORWARDED")
    report = order.reports.get()
    with pytest.raises(TransitionNotAllowed) as refused:
        amendments.request_change(users["mt"], report.pk, ChangeKind.REVOCATION, "alasan")
    assert refused.value.message == f"Peran Anda tidak berwenang untuk langkah “{_name('report_change.request')}”."
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, "alasan")
    with pytest.raises(TransitionNotAllowed) as refused:
        amendments.approve_change(users["cs"], change.pk)
    assert refused.value.message == f"Peran Anda tidak berwenang untuk langkah “{_name('report_change.approve')}”."
    with pytest.raises(TransitionNotAllowed) as refused:
        amendments.reject_change(users["kepala_balai"], change.pk, "tidak")
    assert refused.value.message == f"Peran Anda tidak berwenang untuk langkah “{_name('report_change.reject')}”."
    amendments.approve_change(users["ketua_pji"], change.pk)
    with pytest.raises(TransitionNotAllowed) as refused:
        amendments.sign_amendment(users["ketua_pji"], change.pk, passphrase)
    assert refused.value.message == f"Peran Anda tidak berwenang untuk langkah “{_name('report_change.complete')}”."
    assert ReportChange.objects.get(pk=change.pk).status == ChangeStatus.APPROVED


def test_a_request_waits_in_the_ketua_pji_inbox_until_decided(users, login, small_order_at):
    order = small_order_at("FORWARDED")
    report = order.reports.get()
    change = amendments.request_change(users["cs"], report.pk, ChangeKind.REVOCATION, "Alat tertukar.")
    pji = login(users["ketua_pji"])
    page = pji.get(reverse("workflow:inbox", args=["KETUA_PJI"])).content.decode()
    assert report.number in page and reverse("orders:detail", args=[order.pk]) in page
    assert page.count(report.number) == 1
    amendments.reject_change(users["ketua_pji"], change.pk, "Alasan tidak cukup.")
    page = pji.get(reverse("workflow:inbox", args=["KETUA_PJI"])).content.decode()
    assert report.number not in page


def test_the_migration_dates_each_change_from_what_it_recorded(users, small_order_at, passphrase):
    from django.apps import apps

    order = small_order_at("FORWARDED")
    report = order.reports.get()
    fix = amendments.request_change(users["cs"], report.pk, ChangeKind.AMENDMENT, "Salah ketik.")
    amendments.approve_change(users["ketua_pji"], fix.pk)
    amendments.sign_amendment(users["kepala_balai"], fix.pk, passphrase)
    fix.refresh_from_db()
    waiting = amendments.request_change(users["cs"], fix.new_report_id, ChangeKind.REVOCATION, "Alat tertukar.")
    ReportChange.objects.update(state_entered_at="2020-01-01T00:00:00Z")  # as the new column would be filled

    importlib.import_module("certificates.migrations.0008_reportchange_clock").backfill(apps, None)
    fix.refresh_from_db()
    waiting.refresh_from_db()
    assert fix.state_entered_at == fix.new_report.signed_at
    assert waiting.state_entered_at == waiting.requested_at


def test_only_a_rows_actor_may_take_it_and_only_from_its_sources(users, small_order_at):
    """The role matrix of the report's and the change's rows, as workflow/tests/test_role_matrix.py checks
    the order's: probes set the status in memory; authorize reads the status, the roles and the scope."""
    from accounts.models import User
    from certificates.models import ChangeStatus as C
    from workflow.engine import authorize
    from workflow.table import TRANSITIONS

    order = small_order_at("FORWARDED")
    report = order.reports.get()
    items = {"report": report, "report_change": ReportChange(report=report, kind=ChangeKind.REVOCATION, reason="x")}
    states = {"report": ReportStatus.values, "report_change": C.values}
    people = {role: User.objects.get(pk=users[name].pk) for role, name in (
        ("CS", "cs"), ("KETUA_PJI", "ketua_pji"), ("KEPALA_BALAI", "kepala_balai"), ("MT", "mt"),
        ("PELANGGAN", "pelanggan"), ("ADMIN", "admin"))}
    for row in (t for t in TRANSITIONS if t.subject in items and t.sources):
        for role, user in people.items():
            for state in states[row.subject]:
                obj = items[row.subject]
                obj.status = state
                if role == row.actor and state in row.sources:
                    assert authorize(obj, row.code, user) == row, (row.code, role, state)
                else:
                    with pytest.raises(TransitionNotAllowed):
                        authorize(obj, row.code, user)
