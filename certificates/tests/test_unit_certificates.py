"""A unit's reports carry that unit's letterhead and accreditation number, and are signed only by that
unit's head of centre (or acting head)."""
import datetime as dt
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from certificates import services
from certificates.content import report_context, report_template
from certificates.dcc import build
from certificates.delegation import may_sign, signer_position
from certificates.models import ActingKind, Report, ReportStatus, SigningDelegation
from orders.models import Order
from units.current import default_unit
from units.models import Unit
from workflow.engine import TransitionNotAllowed
from workflow.states import OrderState


@pytest.fixture
def makassar(db):
    return Unit.objects.create(
        code="bspji-makassar", name="Balai Standardisasi dan Pelayanan Jasa Industri Makassar",
        name_en="Centre for Industrial Standardisation and Services Makassar", short_name="BSPJI Makassar",
        address="Jl. Prof. Dr. Ir. Sutami No. 1, Makassar", satker_code="654321", time_zone="Asia/Makassar",
        office_start=time(7, 30), office_end=time(16, 0), accreditation_number="LK-999-IDN")


@pytest.fixture
def head_b(makassar):
    person = User.objects.create_user("kepala_makassar", password="x", full_name="Ir. Andi Makkasau, M.T.")
    UserRole.objects.create(user=person, role=Role.KEPALA_BALAI, unit=makassar)
    return person


def test_a_report_of_a_second_unit_names_that_unit_and_its_accreditation_number(small_order_at, makassar, client):
    order = small_order_at("NUMBERED")
    home = default_unit()
    [report] = order.reports.all()
    own = report_template(report).render(report_context(report, draft=True))
    assert home.name in own and makassar.name not in own

    Order.objects.filter(pk=order.pk).update(unit=makassar)
    report = Report.objects.get(pk=report.pk)
    context = report_context(report, draft=True)
    assert context["BALAI_NAME"] == makassar.name and context["BALAI_ADDRESS"] == makassar.address
    assert context["accreditation_number"] == "LK-999-IDN"
    html = report_template(report).render(context)
    assert makassar.name in html and makassar.address in html and "LK-999-IDN" in html
    assert "BSPJI Makassar" in html and home.name not in html
    verify = client.get(reverse("verify", args=[report.token])).content.decode()
    assert makassar.name in verify
    dcc = build(report).getroottree()
    text = " ".join(dcc.getroot().itertext())
    assert makassar.name in text and "LK-999-IDN" in text and home.name not in text


def test_only_the_orders_units_head_is_offered_as_signer(small_order_at, users, head_b, login):
    order = small_order_at("NUMBERED")
    offered = services.heads_of_centre(order.unit_id)
    assert users["kepala_balai"] in offered and head_b not in offered
    assert head_b in services.heads_of_centre(head_b.roles.get().unit)
    with pytest.raises(ValidationError):
        services.request_signature(users["cs"], order.pk, head_b.pk)
    page = login(users["cs"]).get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert users["kepala_balai"].full_name in page and head_b.full_name not in page

    # CS sends unit B's head anyway: the page comes back with the reason, nothing changes
    response = login(users["cs"]).post(reverse("workflow:step", args=["order.request_signature", order.pk]),
                                       {"signer": head_b.pk})
    assert response.status_code == 200
    assert "unit pesanan ini" in response.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.NUMBERED and order.signer_id is None


def test_another_units_head_cannot_sign_the_units_report(small_order_at, users, head_b, login):
    order = small_order_at("AWAITING_SIGNATURE")
    Order.objects.filter(pk=order.pk).update(signer=head_b)  # as if asked before units existed
    assert not may_sign(head_b, unit=order.unit_id) and may_sign(users["kepala_balai"], unit=order.unit_id)
    # refused by the unit's scope (another unit's order is not their work) or by the signing rule
    with pytest.raises(TransitionNotAllowed, match="hanya ditandatangani oleh Kepala|bukan bagian dari pekerjaan Anda"):
        services.sign_reports(head_b, order.pk, "any passphrase")
    response = login(head_b).post(reverse("certificates:sign", args=[order.pk]), {"passphrase": "x"})
    assert response.status_code in (302, 403, 404)  # refused with a message, or not even shown: never a 500
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_SIGNATURE
    assert not order.reports.filter(status=ReportStatus.SIGNED).exists()


def test_an_acting_head_acts_for_the_unit_they_serve(users, makassar):
    person = User.objects.create_user("plh_makassar", password="x", full_name="Plh")
    UserRole.objects.create(user=person, role=Role.MT, unit=makassar)
    today = timezone.localdate()
    SigningDelegation.objects.create(user=person, kind=ActingKind.PLH, starts_on=today - dt.timedelta(days=1),
                                     ends_on=today + dt.timedelta(days=1), granted_by=users["admin"])
    assert may_sign(person, unit=makassar) and not may_sign(person, unit=default_unit())
    assert person in services.heads_of_centre(makassar) and person not in services.heads_of_centre(default_unit())
    assert signer_position(person, today, makassar) == f"Plh. Kepala {makassar.name}"
