"""Hostile input: disguised, oversized, scripted or path-tricking uploads; script tags in free text;
LIKE wildcards in the search box. Each is refused with a clear message or rendered harmless."""
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings

from billing.models import PaymentProof
from demo.road import MINIMAL_PDF, demo_lines
from orders.services import save_draft, submit_order

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def files_under_media():
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def multipart(filename: str, content: bytes, boundary="----sippt-hostile-boundary"):
    """A multipart body naming the file exactly as given (the test client would strip the path itself)."""
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="proof"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(side=20000) -> bytes:
    """A 1-bit black PNG of side×side pixels: 400 million pixels in a file of some tens of kilobytes."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def small_png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + png_chunk(b"IEND", b""))


def scripted_pdf() -> bytes:
    return MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>")


@pytest.fixture
def awaiting_payment(users, order_at, login):
    order = order_at("AWAITING_PAYMENT")
    return order, login(users["pelanggan"])


def upload(client, order, filename, content):
    body, content_type = multipart(filename, content)
    return client.post(f"/billing/order/{order.pk}/proof/", body, content_type=content_type, follow=True)


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize("filename, content, expected", [
    ("bukti.pdf", small_png(), "tidak sesuai dengan ekstensinya"),
    ("bukti.pdf", MINIMAL_PDF[:-6] + b"%" * (5 * 1024 * 1024) + b"\n%%EOF\n", "terlalu besar"),
    ("bukti.pdf", scripted_pdf(), "berisi skrip"),
    ("bukti.png", bomb_png(), "Gambar terlalu besar"),
    ("bukti.exe", MINIMAL_PDF, "tidak diterima"),
    ("bukti.pdf", b"", "Berkas kosong"),
], ids=["png-renamed-pdf", "oversized", "pdf-javascript", "decompression-bomb", "exe", "empty"])
def test_hostile_proof_is_refused_with_a_message_and_nothing_is_stored(awaiting_payment, filename, content, expected):
    order, client = awaiting_payment
    before = files_under_media()

    response = upload(client, order, filename, content)

    assert response.status_code == 200
    assert expected in messages_of(response)
    assert not PaymentProof.objects.filter(order=order).exists()
    assert files_under_media() == before
    order.refresh_from_db()
    assert order.state == "AWAITING_PAYMENT"


def test_the_bomb_is_small_on_disk():
    assert len(bomb_png()) < 200_000


@pytest.mark.parametrize("filename", ["../../etc/passwd.pdf", "..\\..\\windows\\system.ini.pdf",
                                      "%2e%2e%2fetc%2fpasswd.pdf", f"{XSS}.pdf"])
def test_a_path_trick_name_is_stored_under_a_random_name_inside_the_media_root(awaiting_payment, filename):
    order, client = awaiting_payment
    before = files_under_media()

    response = upload(client, order, filename, MINIMAL_PDF)

    assert "Bukti bayar diunggah" in messages_of(response)
    proof = PaymentProof.objects.get(order=order)
    stored = Path(proof.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert files_under_media() - before == {Path(proof.file.path)}
    assert proof.stored_name.endswith(".pdf") and len(proof.stored_name) == 36
    assert ".." not in proof.file.name and "passwd" not in proof.file.name and "system" not in proof.file.name
    assert proof.original_name  # kept, but only as text
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert XSS not in page


def test_script_in_order_notes_and_cancel_reason_is_shown_as_text(users, login):
    order = save_draft(users["pelanggan"], demo_lines(1, 0), notes=XSS)
    submit_order(users["pelanggan"], order.pk)
    client = login(users["pelanggan"])
    client.post(f"/orders/{order.pk}/do/cancel/", {"reason": XSS})
    order.refresh_from_db()
    assert order.state == "CANCELLED" and order.cancel_reason == XSS

    for who in ("pelanggan", "cs"):
        page = login(users[who]).get(f"/orders/{order.pk}/").content.decode()
        assert XSS not in page
        assert page.count(ESCAPED) >= 2  # notes and reason, at least


def test_script_in_a_price_rejection_reason_is_shown_as_text(users, order_at, login):
    order = order_at("PRICED")
    login(users["pelanggan"]).post(f"/orders/{order.pk}/do/reject-price/", {"reason": XSS})
    order.refresh_from_db()
    assert order.state == "SUBMITTED"

    page = login(users["cs"]).get(f"/orders/{order.pk}/").content.decode()
    assert XSS not in page
    assert ESCAPED in page


def test_script_in_a_payment_rejection_reason_is_shown_as_text(users, order_at, login):
    order = order_at("PAYMENT_SUBMITTED")
    login(users["bendahara"]).post(f"/billing/order/{order.pk}/reject/", {"reason": XSS})
    order.refresh_from_db()
    assert order.state == "AWAITING_PAYMENT"

    page = login(users["pelanggan"]).get(f"/orders/{order.pk}/").content.decode()
    assert XSS not in page
    assert ESCAPED in page


def test_script_in_a_company_name_is_shown_as_text(users, order_at, login):
    order = order_at("SUBMITTED")
    order.company.name = XSS
    order.company.save(update_fields=["name"])

    pages = [("cs", "/orders/"), ("cs", f"/orders/{order.pk}/"), ("pelanggan", f"/orders/{order.pk}/"),
             ("admin", f"/accounts/review/{users['pelanggan'].pk}/")]
    for who, url in pages:
        response = login(users[who]).get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert XSS not in page, url
        assert ESCAPED in page, url


@pytest.mark.parametrize("q", ["%", "_", "%%", "\\", "' OR 1=1 --"])
def test_like_wildcards_in_the_search_box_match_nothing_extra(users, order_at, login, q):
    mine = order_at("VALIDATED", customer="pelanggan")
    theirs = order_at("VALIDATED", customer="pelanggan2")

    customer_page = login(users["pelanggan"]).get("/orders/", {"q": q})
    assert customer_page.status_code == 200
    assert theirs.number not in customer_page.content.decode()

    staff_page = login(users["cs"]).get("/orders/", {"q": q})
    assert staff_page.status_code == 200
    body = staff_page.content.decode()
    assert mine.number not in body and theirs.number not in body  # a wildcard is a literal character


def test_search_still_finds_by_number(users, order_at, login):
    mine = order_at("VALIDATED", customer="pelanggan")
    page = login(users["pelanggan"]).get("/orders/", {"q": mine.number[-6:]}).content.decode()
    assert mine.number in page
