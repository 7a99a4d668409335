"""Step 19 renders and signs with no row lock held, then locks, checks again and stores.

Rendering a PDF and signing it takes seconds; under the order's lock every other service of the order
(CS, the batch task, a download that records an audit entry) would wait for it.
"""

import pytest
from django.db import connection

from certificates import amendments, services
from certificates.demo import DEMO_PASSPHRASE
from certificates.models import ChangeKind, Report, ReportStatus
from core.tests.support import order_lockable_elsewhere
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState

pytestmark = pytest.mark.django_db(transaction=True)


def test_reports_are_rendered_and_signed_outside_any_transaction(users, asked_to_sign, monkeypatch):
    order, reports = asked_to_sign(2)
    real_render, seen = services.render_report, []

    def render(report, **kwargs):
        seen.append((connection.in_atomic_block,
                     order_lockable_elsewhere(order.pk) if connection.vendor == "postgresql" else True))
        return real_render(report, **kwargs)

    monkeypatch.setattr(services, "render_report", render)
    signed = services.sign_reports(users["kepala_balai"], order.pk, DEMO_PASSPHRASE)

    assert seen == [(False, True), (False, True)]  # no transaction, and the order row free, while rendering
    assert sorted(r.pk for r in signed) == sorted(r.pk for r in reports)
    assert {r.status for r in Report.objects.filter(order=order)} == {ReportStatus.SIGNED}
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED


def test_a_report_signed_elsewhere_meanwhile_refuses_the_whole_signing_and_keeps_no_file(users, asked_to_sign,
                                                                                          monkeypatch):
    order, reports = asked_to_sign(2)
    real_render = services.render_report

    def render(report, **kwargs):
        if report.pk == reports[1].pk:  # the batch task signed this one while the first was rendered
            Report.objects.filter(pk=report.pk).update(status=ReportStatus.SIGNED)
        return real_render(report, **kwargs)

    monkeypatch.setattr(services, "render_report", render)
    with pytest.raises(TransitionNotAllowed, match="tidak lagi menunggu tanda tangan"):
        services.sign_reports(users["kepala_balai"], order.pk, DEMO_PASSPHRASE)

    first = Report.objects.get(pk=reports[0].pk)
    assert first.status == ReportStatus.NUMBERED and not first.signed_pdf
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_SIGNATURE


def test_a_replacement_report_is_rendered_and_signed_outside_any_transaction(users, small_order_at, passphrase,
                                                                             monkeypatch):
    order = small_order_at("FORWARDED")
    old = order.reports.get()
    change = amendments.request_change(users["cs"], old.pk, ChangeKind.AMENDMENT, "Suhu ruang tercatat salah.")
    amendments.approve_change(users["ketua_pji"], change.pk)
    real_render, seen = services.render_report, []

    def render(report, **kwargs):
        seen.append((connection.in_atomic_block,
                     order_lockable_elsewhere(order.pk) if connection.vendor == "postgresql" else True))
        return real_render(report, **kwargs)

    monkeypatch.setattr(services, "render_report", render)
    new = amendments.sign_amendment(users["kepala_balai"], change.pk, passphrase)

    assert seen == [(False, True)]
    assert new.status == ReportStatus.SIGNED
    assert Report.objects.get(pk=old.pk).status == ReportStatus.SUPERSEDED
