"""The public verify page in a browser, as someone holding a certificate meets it: an unknown code gets the
site's own "not found" page, another genuine certificate is named plainly, a file that is no signed PDF is
called what it is, and the footer leads to the service standard and both complaint channels."""
from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from demo.road import demo_lines


def plain_pdf() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def upload(page, name: str, content: bytes, mime="application/pdf") -> str:
    page.locator("#verify-pdf").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    return page.locator("main").inner_text()


def test_unknown_code_gets_the_sites_not_found_page(people, shots):
    page = people("anonymous")
    response = page.goto("/verify/kode-yang-tidak-ada-123")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
    assert "Tidak ada E-LHU dengan kode verifikasi ini" in page.locator("main").inner_text()
    assert page.locator("header.topbar").count() == 1 and page.locator("footer").count() == 1
    body = page.locator("body").inner_text()
    assert "URLconf" not in body and "Traceback" not in body and "DEBUG" not in body
    shots(page, "verify-unknown-code")


def test_uploads_are_answered_plainly(people, order_at, shots):
    from certificates import services

    # signing runs asyncio.run() (pyHanko), which cannot run inside Playwright's loop: another thread does it
    with ThreadPoolExecutor(1) as pool:
        order = pool.submit(order_at, "SIGNED", lines=demo_lines(count_mass=1, count_temp=1)).result()
    first, second = order.reports.order_by("pk")[:2]
    page = people("anonymous")
    page.goto(f"/verify/{first.token}")

    text = upload(page, "E-LHU.pdf", services.signed_content(second))
    assert f"E-LHU asli dan sah, tetapi E-LHU yang lain: No. {second.number}" in text
    assert "tidak identik" not in text and "sah dan utuh" not in text
    shots(page, "verify-another-certificate")
    page.get_by_role("link", name=f"Periksa No. {second.number}").click()
    page.wait_for_load_state()
    assert second.token in page.url

    page.goto(f"/verify/{first.token}")
    text = upload(page, "E-LHU.pdf", services.signed_content(first))
    assert "Berkas identik" in text and "sah dan utuh" in text

    text = upload(page, "scan.pdf", plain_pdf())
    assert "PDF tanpa tanda tangan elektronik" in text and "berubah setelah ditandatangani" not in text

    text = upload(page, "foto.pdf", b"\x89PNG\r\n\x1a\n not a pdf", mime="image/png")
    assert "bukan PDF" in text and "berubah setelah ditandatangani" not in text and "Berkas identik" not in text


def test_footer_leads_to_the_service_standard_and_both_complaint_channels(people):
    page = people("anonymous")
    page.goto("/")
    footer = page.locator("footer")
    assert footer.get_by_role("link", name="SP4N-LAPOR!", exact=False).get_attribute("href") == \
        "https://www.lapor.go.id"
    assert footer.get_by_role("link", name="Pengaduan", exact=True).get_attribute("href") == "/complaints/"
    footer.get_by_role("link", name="Standar Pelayanan").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Standar Pelayanan Jasa Kalibrasi"
    assert "Penanganan pengaduan" in page.locator("main").inner_text()
