"""A NUL character (%00) in a path, a query or a form field is a 400 with a plain message, before any
view: on PostgreSQL these requests used to end in a 500 ("A string literal cannot contain NUL").
A NUL inside an uploaded file's content is the file's business, not the request's."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from billing.models import PaymentProof
from demo.road import MINIMAL_PDF

# A PDF with binary bytes (NULs among them) in a comment line, as real PDFs have after the header.
BINARY_PDF = MINIMAL_PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%\x00\xe2\xe3\xcf\xd3\x00\n")


def refused(response) -> bool:
    return (response.status_code == 400 and response["Content-Type"].startswith("text/plain")
            and "karakter NUL" in response.content.decode())


@pytest.mark.parametrize("who, url", [
    (None, "/verify/%00"),
    (None, "/certificates/verify/a%00b/"),
    ("cs", "/orders/?q=%00"),
    ("bendahara", "/billing/desk/?q=a%00b"),
    ("pelanggan", "/orders/?q=ok&%00=1"),
])
def test_the_reported_requests_are_a_400(users, login, client, who, url):
    client = login(users[who]) if who else client
    assert refused(client.get(url))


def test_a_nul_in_a_posted_field_is_a_400_and_changes_nothing(users, order_at, login):
    order = order_at("PRICED")
    response = login(users["pelanggan"]).post(f"/orders/{order.pk}/do/reject-price/", {"reason": "terlalu\x00mahal"})
    assert refused(response)
    order.refresh_from_db()
    assert order.state == "PRICED"


def test_a_nul_in_a_multipart_field_is_a_400_but_not_in_the_file(users, order_at, login):
    order = order_at("AWAITING_PAYMENT")
    client = login(users["pelanggan"])
    url = f"/billing/order/{order.pk}/proof/"

    response = client.post(url, {"proof": SimpleUploadedFile("bukti.pdf", BINARY_PDF, "application/pdf"),
                                 "note": "a\x00b"})
    assert refused(response)
    assert not PaymentProof.objects.filter(order=order).exists()

    response = client.post(url, {"proof": SimpleUploadedFile("bukti.pdf", BINARY_PDF, "application/pdf")},
                           follow=True)
    assert response.status_code == 200
    assert PaymentProof.objects.get(order=order).file.read() == BINARY_PDF


def test_a_nul_in_a_json_string_is_a_400_in_the_api_error_shape_and_changes_nothing(users, order_at, client):
    from api.models import ApiToken, Scope

    order = order_at("PAYMENT_SUBMITTED")
    _token, raw = ApiToken.issue(users["bendahara"], "test", [Scope.READ, Scope.TRANSITIONS])

    response = client.post(f"/api/orders/{order.pk}/transitions/order.reject_payment", {"reason": "tidak\x00jelas"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "bad_request" and "NUL" in response.json()["error"]["message"]
    order.refresh_from_db()
    assert order.state == "PAYMENT_SUBMITTED"


def test_a_nul_in_a_json_body_outside_the_api_is_a_400(client):
    response = client.post("/billing/simponi/push/", '{"kode_billing": "a\\u0000b"}', content_type="application/json")
    assert refused(response)
