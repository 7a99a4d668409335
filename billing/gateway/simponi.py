"""The SIMPONI host-to-host client: create a billing, ask its status, read a payment push.

There is no public specification. The shapes below follow public integration code and are to be
confirmed with the Directorate General of Budget at onboarding; docs/simponi.md lists which.
Every outside call has a timeout; a failure becomes GatewayError with words for the treasurer.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from billing.gateway import BillingRequest, BillingStatusReport, GatewayError, IssuedBilling, PaymentNotice

CREATE_METHOD = "billingcode_v4"
INQUIRY_METHOD = "inquirybilling"  # unconfirmed name
PUSH_METHOD = "activeinquiry"
RESPONSE_ACCEPTED = 3  # the answer to a push that was recorded
RESPONSE_REFUSED = 2  # failed or duplicate
OK_CODES = {"00", "0", "3"}
BILLING_CODE = re.compile(r"^\d{15}$")
NTPN = re.compile(r"^[A-Za-z0-9]{16}$")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"  # WIB


def format_time(value: datetime) -> str:
    return timezone.localtime(value).strftime(DATE_FORMAT)


def parse_time(value) -> datetime | None:
    if not value:
        return None
    text = str(value).strip()
    parsed = parse_datetime(text.replace("/", "-"))
    if parsed is None:
        try:
            parsed = datetime.strptime(text, "%Y%m%d%H%M%S")
        except ValueError:
            return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def create_payload(request: BillingRequest) -> dict:
    """The `simponi_req` JSON of a billingcode_v4 call: a header array and one array per line."""
    header = [
        request.reference, settings.SIMPONI_USER_ID, settings.SIMPONI_PASSWORD, format_time(request.expires_at),
        settings.SIMPONI_KL_CODE, settings.SIMPONI_ESELON1_CODE, request.satker_code, settings.SIMPONI_PNBP_TYPE,
        "1",  # currency: rupiah
        str(request.total), request.payer_name, request.satker_code, request.payer_npwp, request.payer_nik,
    ]
    details = [
        [request.payer_name, item.tariff_code, settings.SIMPONI_REGULATION_CODE, request.account_code,
         str(item.amount // item.volume if item.volume else item.amount), str(item.volume), item.unit,
         str(item.amount), settings.SIMPONI_LOCATION_CODE, settings.SIMPONI_REGENCY_CODE]
        for item in request.items
    ]
    return {"method": CREATE_METHOD, "data": [header, details]}


def _post(payload: dict) -> dict:
    if not settings.SIMPONI_URL:
        raise GatewayError(_("Alamat SIMPONI belum diatur (SIMPONI_URL)."))
    body = urllib.parse.urlencode({"simponi_req": json.dumps(payload)}).encode()
    req = urllib.request.Request(settings.SIMPONI_URL, data=body, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=settings.SIMPONI_TIMEOUT) as response:  # noqa: S310 (URL from settings)
            text = response.read(1_000_000).decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise GatewayError(_("SIMPONI tidak dapat dihubungi: %(why)s") % {"why": getattr(exc, "reason", exc)}) from exc
    try:
        answer = json.loads(text)
    except ValueError as exc:
        raise GatewayError(_("Jawaban SIMPONI tidak dapat dibaca.")) from exc
    if not isinstance(answer, dict):
        raise GatewayError(_("Jawaban SIMPONI tidak dapat dibaca."))
    return answer


def _check_ok(answer: dict) -> None:
    response = answer.get("response") if isinstance(answer.get("response"), dict) else {}
    code = str(response.get("code", answer.get("response_code", "")))
    if code not in OK_CODES:
        message = response.get("message") or answer.get("message") or code
        raise GatewayError(_("SIMPONI menolak permintaan: %(why)s") % {"why": message})


def _fields(data, names: list[str]) -> dict:
    """`data` as a dict of `names`, whether SIMPONI sent an array (in that order) or an object."""
    if isinstance(data, dict):
        return {name: data.get(name) for name in names}
    if isinstance(data, list):
        return {name: (data[i] if i < len(data) else None) for i, name in enumerate(names)}
    return dict.fromkeys(names)


PUSH_FIELDS = ["simponi_id", "kode_billing", "ntpn", "ntb", "date_paid", "bank_code", "channel_code"]


def notice_from(data, amount_field: str | None = None) -> PaymentNotice:
    """A PaymentNotice from activeinquiry data; ValueError when a field is missing or malformed."""
    names = PUSH_FIELDS + ([amount_field] if amount_field else [])
    f = _fields(data, names)
    code, ntpn = str(f["kode_billing"] or "").strip(), str(f["ntpn"] or "").strip()
    if not code:
        raise ValueError("kode_billing missing")
    if not NTPN.match(ntpn):
        raise ValueError("ntpn must be 16 letters or digits")
    amount = None
    if amount_field and f.get(amount_field) not in (None, ""):
        amount = int(str(f[amount_field]).split(".")[0])
    return PaymentNotice(
        billing_code=code, ntpn=ntpn, ntb=str(f["ntb"] or "").strip()[:40], paid_at=parse_time(f["date_paid"]),
        bank=str(f["bank_code"] or "").strip()[:40], channel=str(f["channel_code"] or "").strip()[:40],
        simponi_id=str(f["simponi_id"] or "").strip()[:40], amount=amount,
    )


def read_push(body: bytes, content_type: str) -> tuple[dict, PaymentNotice]:
    """The push message and its notice. The message is JSON, sent raw or in the form field
    `simponi_req`; ValueError when it cannot be read."""
    text = body.decode("utf-8", "replace")
    if "application/x-www-form-urlencoded" in (content_type or ""):
        text = (urllib.parse.parse_qs(text).get("simponi_req") or [""])[0]
    message = json.loads(text)
    if not isinstance(message, dict):
        raise ValueError("not an object")
    if str(message.get("method", PUSH_METHOD)) != PUSH_METHOD:
        raise ValueError("unexpected method")
    return message, notice_from(message.get("data"))


class SimponiGateway:
    name = "simponi"
    can_poll = True

    def create_billing(self, request: BillingRequest) -> IssuedBilling:
        answer = _post(create_payload(request))
        _check_ok(answer)
        f = _fields(answer.get("data"), ["simponi_id", "kode_billing", "expired_date"])
        code = str(f["kode_billing"] or "").strip()
        if not BILLING_CODE.match(code):
            raise GatewayError(_("SIMPONI memberi kode billing yang tidak sah: %(code)s") % {"code": code or "—"})
        return IssuedBilling(code=code, expires_at=parse_time(f["expired_date"]) or request.expires_at,
                             simponi_id=str(f["simponi_id"] or "")[:40])

    def billing_status(self, billing) -> BillingStatusReport:
        answer = _post({"method": INQUIRY_METHOD, "data": [
            settings.SIMPONI_USER_ID, settings.SIMPONI_PASSWORD, billing.simponi_id, billing.code]})
        _check_ok(answer)
        data = answer.get("data")
        status = str(_fields(data, ["status"])["status"] if isinstance(data, dict) else "").lower()
        raw = json.dumps(answer)
        if isinstance(data, dict) and status not in ("paid", "1", "lunas"):
            return BillingStatusReport(paid=False, raw=raw)
        if not data:
            return BillingStatusReport(paid=False, raw=raw)
        try:
            notice = notice_from(data, amount_field="total_paid")
        except ValueError:
            return BillingStatusReport(paid=False, raw=raw)
        return BillingStatusReport(paid=True, notice=notice, raw=raw)
