"""The numbered quotation (surat penawaran harga) of the approved price: issued at step 6, downloadable by
the customer's company only, with the legal basis of each line, never changed once issued."""
import re

import pytest
from django.urls import reverse

from orders import services
from quotations.models import Quotation, QuotationIssued


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's words in reading order (cell by cell), whitespace collapsed."""
    import subprocess

    from conftest import need_tool

    need_tool("pdftotext")
    path = tmp_path / "quotation.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(out.split())


def pdf_url(order, quotation=None):
    return reverse("quotations:pdf", args=[order.pk]) + (f"?id={quotation.pk}" if quotation else "")


@pytest.mark.django_db
def test_no_quotation_before_step_6(users, order_at, login):
    order = order_at("VALIDATED")
    client = login(users["pelanggan"])
    assert client.get(pdf_url(order)).status_code == 404
    assert "quotations/order" not in client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert not Quotation.objects.exists()


@pytest.mark.django_db
def test_after_step_6_the_customer_downloads_the_numbered_quotation_with_the_basis_of_each_line(
        users, order_at, login, tmp_path):
    order = order_at("VALIDATED")
    balance, *_ = order.instruments.order_by("position")
    services.approve_tariff(users["ketua_pji"], order.pk,
                            {balance.pk: (275000, "Alat sama dengan order sebelumnya, harga kontrak.")})
    quotation = Quotation.objects.get(order=order)
    assert re.fullmatch(r"\d{4}/SPH/BSPJI/[IVX]+/\d{4}", quotation.number)

    client = login(users["pelanggan"])
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert pdf_url(order, quotation) in page and quotation.number in page  # the documents panel
    response = client.get(pdf_url(order))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "surat-penawaran-" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "SURAT PENAWARAN HARGA" in text and quotation.number in text and order.number in text
    for inst in order.instruments.select_related("tariff__regulation"):
        assert f"{inst.tariff.regulation.number} · kode tarif {inst.tariff.code}" in text
    assert "PP 54/2021 tentang Jenis dan Tarif atas Jenis Penerimaan Negara Bukan Pajak" in text
    assert "Koreksi Ketua Tim PJI: Alat sama dengan order sebelumnya, harga kontrak." in text
    assert "Rp 275.000" in text and f"Rp {order.total_amount:,}".replace(",", ".") in text
    assert quotation.total == order.total_amount


@pytest.mark.django_db
def test_another_company_and_a_foreign_id_get_404(users, order_at, login):
    order = order_at("PRICED")
    other = order_at("PRICED", customer="pelanggan2")
    assert login(users["pelanggan2"]).get(pdf_url(order)).status_code == 404
    theirs = other.quotations.get()
    assert login(users["pelanggan"]).get(pdf_url(order, theirs)).status_code == 404  # not this order's
    assert login(users["pelanggan"]).get(pdf_url(order) + "?id=abc").status_code == 404
    assert login(users["ketua_pji"]).get(pdf_url(order)).status_code == 200


@pytest.mark.django_db
def test_a_re_approval_issues_a_new_quotation_and_the_first_is_never_changed(users, order_at, login, tmp_path):
    order = order_at("PRICED")
    first = order.quotations.get()
    frozen = (first.number, first.total, first.lines)
    services.reject_price(users["pelanggan"], order.pk, "Mohon ditinjau ulang.")
    services.validate_order(users["cs"], order.pk)
    inst = order.instruments.order_by("position").first()
    services.approve_tariff(users["ketua_pji"], order.pk, {inst.pk: (1000, "Keringanan sesuai surat Kepala Balai.")})

    second = order.quotations.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert (first.number, first.total, first.lines) == frozen
    assert second.number != first.number and second.total == first.total - inst.amount + 1000
    assert [q.pk for q in order.quotations.all()] == [second.pk, first.pk]  # newest first: the current one
    client = login(users["pelanggan"])
    assert second.number in pdf_text(client.get(pdf_url(order)).content, tmp_path)
    assert first.number in pdf_text(client.get(pdf_url(order, first)).content, tmp_path)
    with pytest.raises(QuotationIssued):
        first.save()


@pytest.mark.django_db
def test_numbers_are_unique_across_orders(users, order_at):
    numbers = [order_at("PRICED").quotations.get().number for _ in range(3)]
    assert len(set(numbers)) == 3
    assert [int(n.split("/")[0]) for n in numbers] == sorted(int(n.split("/")[0]) for n in numbers)
