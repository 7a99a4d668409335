"""Separation of duties and the survey gate: the cases the apps' own tests leave out.

Already covered elsewhere (not repeated here): results/tests/test_separation_of_duties.py (who submitted
may not verify or validate, who verified may not validate), survey/tests/test_download.py and
certificates/tests/test_web.py (the customer is sent to the survey with a message), survey/tests/
test_complete_order.py (no completion before the survey and a download)."""
import re
import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserRole
from accounts.roles import Role
from demo.road import demo_lines
from results import demo as results_demo
from results import services as results_services
from results.services import SheetInput
from survey.models import ELEMENT_FIELDS
from survey.services import survey_first_message
from workflow.models import AuditEntry
from workflow.states import AccountState, InstrumentState, OrderState

POINT = {"nominal": "100", "readings": "100,0002; 100,0003; 100,0002", "unit": "g"}


def _sheet(inst=None) -> SheetInput:
    """The sheet's conditions; with `inst`, also the demo's calibration method and standards for it (a helper
    not authorised for the method saves a draft without one, the submitting analyst names it)."""
    sheet = SheetInput(calibration_date=timezone.localdate() - datetime.timedelta(days=1), temperature="20.1",
                       humidity="50")
    if inst is not None:
        method, standards, resolution = results_demo.demo_method(inst)
        sheet.method_id, sheet.standard_ids, sheet.resolution = method.pk, [s.pk for s in standards], resolution
    return sheet


def _grant(user, role) -> User:
    UserRole.objects.create(user=user, role=role)
    return User.objects.get(pk=user.pk)  # role_codes is cached on the instance


def _errors(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request) if "error" in m.tags)


def _grid_row(param, **values) -> dict:
    data = {"rows": "1", "temperature": "20,1", "humidity": "50", "calibration_date": "",
            "r-0-param": str(param.pk), "r-0-id": ""}
    data.update({f"r-0-{k}": v for k, v in {**POINT, **values}.items()})
    return data


def _balance_shared_with(order_at, users, person, parameter="Eksentrisitas"):
    """A balance in calibration whose `parameter` is assigned to `person`, the rest to analis."""
    order = order_at("IN_CALIBRATION", lines=demo_lines(count_mass=1, count_temp=0))
    inst = order.instruments.get()
    inst.parameters.filter(name=parameter).update(analyst=person)
    return inst


def _enter_all_and_submit(users, inst, helper):
    """`helper` enters their one parameter as a draft; analis enters the rest and submits."""
    param = inst.parameters.get(analyst=helper)
    results_services.save_results(helper, inst.pk, _sheet(), [
        results_services.PointInput(param.pk, 1, nominal="100", readings="100.0002; 100.0003; 100.0002", unit="g")])
    results_services.save_results(users["analis"], inst.pk, _sheet(inst), results_demo.demo_rows(inst, users["analis"]),
                                  submit=True)
    inst.refresh_from_db()
    assert inst.state == InstrumentState.RESULTS_ENTERED


def test_a_supervisor_who_entered_one_parameter_cannot_verify_what_another_analyst_submitted(order_at, users,
                                                                                           login):
    supervisor = _grant(users["penyelia"], Role.ANALIS)
    inst = _balance_shared_with(order_at, users, supervisor)
    page = login(supervisor).get(reverse("results:grid", args=[inst.pk])).content.decode()
    assert 'name="r-0-readings"' in page  # the supervisor's own parameter is editable for them
    response = login(supervisor).post(reverse("results:grid", args=[inst.pk]),
                                      _grid_row(inst.parameters.get(name="Eksentrisitas")))
    assert response.status_code == 302 and not _errors(response)
    results_services.save_results(users["analis"], inst.pk, _sheet(inst), results_demo.demo_rows(inst, users["analis"]),
                                  submit=True)
    inst.refresh_from_db()
    assert inst.state == InstrumentState.RESULTS_ENTERED and inst.result_sheet.submitted_by == users["analis"]

    response = login(supervisor).post(reverse("results:verify", args=[inst.pk]), {"note": ""})
    assert "ISO/IEC 17025" in _errors(response) and "memverifikasinya sendiri" in _errors(response)
    inst.refresh_from_db()
    assert inst.state == InstrumentState.RESULTS_ENTERED
    assert not AuditEntry.objects.filter(instrument=inst, code="instrument.verify").exists()


def test_a_technical_manager_who_entered_one_parameter_is_refused_validation_on_the_page(order_at, users, login):
    mt = _grant(users["mt"], Role.ANALIS)
    mt.laboratory = users["analis"].laboratory
    mt.save(update_fields=["laboratory"])
    inst = _balance_shared_with(order_at, users, mt)
    _enter_all_and_submit(users, inst, mt)
    results_services.verify_results(users["penyelia"], inst.pk)

    page = login(mt).get(reverse("results:grid", args=[inst.pk])).content.decode()
    assert "Anda ikut memasukkan hasil ini; validasi harus dilakukan manajer teknis lain" in page
    response = login(mt).post(reverse("results:validate", args=[inst.pk]), {"note": ""}, follow=True)
    assert "tidak boleh memvalidasinya" in response.content.decode()
    inst.refresh_from_db()
    assert inst.state == InstrumentState.VERIFIED and inst.order.state == OrderState.IN_LAB


def _colleague_of(order) -> User:
    user = User.objects.create_user("rekan", password="Rekan#Kerja-2026", full_name="Rekan Sekantor",
                                    email="rekan@sinarpresisi.co.id", company=order.company,
                                    state=AccountState.ACTIVE, email_verified=True)
    UserRole.objects.create(user=user, role=Role.PELANGGAN)
    return user


def test_a_colleague_of_the_customer_meets_the_same_survey_gate_and_is_let_through_by_the_survey(order_at, login):
    order = order_at("FORWARDED", lines=demo_lines(count_mass=1, count_temp=0))
    report = order.reports.get()
    colleague = _colleague_of(order)
    download = reverse("certificates:download", args=[report.pk])

    response = login(colleague).get(download, follow=True)
    assert response.redirect_chain[-1][0] == reverse("survey:fill", args=[order.pk])
    assert survey_first_message() in response.content.decode()
    assert not AuditEntry.objects.filter(order=order, code="document.download").exists()

    login(order.created_by).post(reverse("survey:fill", args=[order.pk]), {name: "4" for name in ELEMENT_FIELDS})
    order.refresh_from_db()
    assert order.state == OrderState.SURVEYED
    response = login(colleague).get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.get(order=order, code="document.download").actor == colleague


def test_before_the_survey_no_other_page_hands_the_customer_the_signed_report(order_at, users, login, client):
    order = order_at("FORWARDED", lines=demo_lines(count_mass=1, count_temp=0))
    report = order.reports.get()
    signed_url = reverse("certificates:download", args=[report.pk])
    customer = login(order.created_by)
    assert customer.get(reverse("certificates:preview", args=[report.pk])).status_code == 404
    for url in (reverse("orders:detail", args=[order.pk]), reverse("orders:instrument", args=[report.instrument_id]),
                reverse("survey:fill", args=[order.pk])):
        page = customer.get(url)
        assert page.status_code == 200 and signed_url not in page.content.decode(), url
    client.logout()
    public = client.get(reverse("certificates:verify", args=[report.token])).content.decode()
    assert report.number in public and signed_url not in public
    assert not re.search(r'href="[^"]*\.pdf', public)  # no link to any PDF file
    assert not AuditEntry.objects.filter(order=order, code="document.download").exists()
