"""Step 21: the customer fills the nine-element satisfaction survey; submitting it is the transition."""
import pytest
from django.db import IntegrityError, transaction

from survey import services
from survey.models import ELEMENT_FIELDS, SurveyResponse
from workflow.engine import TransitionNotAllowed
from workflow.models import AuditEntry

ALL_FOURS = {f: "4" for f in ELEMENT_FIELDS}


def test_the_survey_page_asks_the_nine_elements_in_order_as_radio_groups(forwarded_order, login):
    order = forwarded_order()
    page = login(order.created_by).get(f"/survey/order/{order.pk}/").content.decode()
    assert page.count("<fieldset") == 9 and page.count("<legend>") == 9
    labels = ["Persyaratan", "Sistem, mekanisme, dan prosedur", "Waktu penyelesaian", "Biaya/tarif",
              "Produk spesifikasi jenis pelayanan", "Kompetensi pelaksana", "Perilaku pelaksana",
              "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana"]
    positions = [page.index(f"{n}. {label}") for n, label in enumerate(labels, start=1)]
    assert positions == sorted(positions)
    for text in ("Tidak baik", "Kurang baik", "Sangat baik"):
        assert text in page
    assert page.count('type="radio"') == 36


def test_the_customer_fills_the_survey_and_the_order_is_surveyed(forwarded_order, login):
    order = forwarded_order()
    customer = order.created_by
    response = login(customer).post(f"/survey/order/{order.pk}/", {**ALL_FOURS, "requirements": "3",
                                                                   "comment": "Cepat dan ramah."})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "SURVEYED"
    answer = order.survey_response
    assert answer.respondent == customer and answer.requirements == 3 and answer.facilities == 4
    assert answer.comment == "Cepat dan ramah."
    entry = AuditEntry.objects.get(order=order, code="order.fill_survey")
    assert entry.step == 21 and entry.actor == customer and entry.to_state == "SURVEYED"


def test_a_survey_with_an_element_missing_is_not_accepted(forwarded_order, login):
    order = forwarded_order()
    data = dict(ALL_FOURS)
    del data["staff_behaviour"]
    response = login(order.created_by).post(f"/survey/order/{order.pk}/", data)
    assert response.status_code == 200
    assert "Pilih salah satu nilai." in response.content.decode()
    order.refresh_from_db()
    assert order.state == "FORWARDED" and not SurveyResponse.objects.filter(order=order).exists()


def test_scores_outside_one_to_four_are_refused(forwarded_order, login):
    order = forwarded_order()
    response = login(order.created_by).post(f"/survey/order/{order.pk}/", {**ALL_FOURS, "cost": "5"})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.state == "FORWARDED"


def test_an_order_has_one_survey_response(forwarded_order, users):
    order = forwarded_order()
    scores = {f: 4 for f in ELEMENT_FIELDS}
    services.fill_survey(order.created_by, order.pk, scores)
    with pytest.raises(TransitionNotAllowed):
        services.fill_survey(order.created_by, order.pk, scores)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(order=order, respondent=order.created_by, **scores)
    assert SurveyResponse.objects.filter(order=order).count() == 1


def test_staff_cannot_fill_the_customers_survey(forwarded_order, users, login):
    order = forwarded_order()
    response = login(users["cs"]).post(f"/survey/order/{order.pk}/", ALL_FOURS, follow=True)
    assert "tidak sedang menunggu survei" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "FORWARDED"


def test_the_order_page_invites_the_customer_to_the_survey(forwarded_order, login):
    order = forwarded_order()
    page = login(order.created_by).get(f"/orders/{order.pk}/").content.decode()
    assert f"/survey/order/{order.pk}/" in page
    assert "Isi survei kepuasan terlebih dahulu" in page


def test_staff_read_the_satisfaction_index_of_the_year(forwarded_order, users, login):
    order = forwarded_order()
    services.fill_survey(order.created_by, order.pk, {f: 4 for f in ELEMENT_FIELDS}, comment="Mantap.")
    page = login(users["kepala_balai"]).get("/survey/ikm/").content.decode()
    assert "100,00" in page and "Sangat Baik" in page and "Mantap." in page


def test_customers_do_not_see_the_index_page(users, login):
    assert login(users["pelanggan"]).get("/survey/ikm/").status_code == 404
