"""Input is never lost on an error: every page that takes typed input, sent something invalid, shows the
same page again (200) with everything the person typed and the message beside the field.

The POST views are listed from the URL map (`hardening.urlwalk`): each one either has a case below
(invalid input, what must come back, where the message must be) or is named in NO_TYPED_INPUT with the
reason it takes nothing typed. A new POST view without either fails `test_every_post_view_is_covered`.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import get_resolver

from hardening.policy import POLICY
from hardening.tests.formcheck import error_beside, form_errors, shown_value
from hardening.urlwalk import project_urls

# POST views that take nothing typed, and why.
NO_TYPED_INPUT = {
    "accounts:logout": "a button",
    "accounts:activate": "a button",
    "accounts:make_owner": "a button",
    "accounts:remove_member": "a button",
    "accounts:revoke_invitation": "a button",
    "accounts:my_data_download": "a download",
    "billing:issue": "a button: the amount is the approved total, never typed",
    "billing:reissue": "a button",
    "billing:poll": "a button",
    "billing:upload_proof": "a file only; a browser never refills a file input",
    "billing:simponi_push": "machine to machine (SIMPONI), answered in its own protocol",
    "catalog:tariff_import": "a file only; a browser never refills a file input",
    "catalog:tariff_import_confirm": "a button confirming the previewed file",
    "certificates:number": "a button",
    "certificates:verify": "a file only (the public check of a PDF or a DCC XML)",
    "verify": "a file only (the public check of a PDF or a DCC XML)",
    "pki_tsa": ("machine to machine (an RFC 3161 timestamp request as the DER body, no form), answered in its own "
                "protocol: junk or a body over 4 kB is a 400 (certificates/tests/test_ltv.py)"),
    "lab:approve_assignment": "a button",
    "notifications:mark_all_read": "a button",
    "notifications:mail_retry": "check boxes of mails to send again",
    "notifications:preferences": "check boxes",
    "orders:price_preview": "an htmx fragment of the order form (the form itself keeps the input)",
    "results:preview": "an htmx fragment of the results grid",
    "results:withdraw_attachment": "a button",
    "survey:complete": "a button",
    "apitokens:revoke": "a button",
    "twofactor:reset_confirm": "a button",
    "units:appoint_admin": "a choice among the unit's staff (a select)",
    "units:remove_admin": "a button",
    "task_backlog": "a page without a form",
    "management:export_create": "choices (register, format) and hidden copies of the page's filters, checked there",
    "results:attach": "a file only; a browser never refills a file input",
}


@dataclass
class Case:
    user: str | None  # None: an anonymous visitor
    url: str
    data: dict
    kept: dict = field(default_factory=dict)       # field name -> the value it must show again
    errors: dict = field(default_factory=dict)     # field name -> text expected beside it ("" = any); None = form-wide
    action: str | None = "same"                    # the form's action attribute ("same": the URL posted to)
    fresh: bool = False                            # logged in by password only (second factor still to come)
    get_first: bool = False                        # open the page first (it keeps state in the session)


def _order(order_at, milestone):
    return order_at(milestone)


def _validate(users, order_at):
    order = order_at("SUBMITTED")
    return Case("cs", f"/orders/{order.pk}/do/validate/", {"note": "x" * 2001}, {"note": "x" * 2001}, {"note": "2000"})


def _step(users, order_at):
    order = order_at("SUBMITTED")
    return Case("cs", f"/workflow/step/order.validate/{order.pk}/", {"note": "x" * 2001}, {"note": "x" * 2001},
                {"note": "2000"})


def _reject_price(users, order_at):
    order = order_at("PRICED")
    return Case("pelanggan", f"/orders/{order.pk}/do/reject-price/", {"reason": "   "}, {}, {"reason": ""})


def _cancel(users, order_at):
    order = order_at("PRICED")
    return Case("pelanggan", f"/orders/{order.pk}/do/cancel/", {"reason": "y" * 2001}, {"reason": "y" * 2001},
                {"reason": "2000"})


def _approve_tariff(users, order_at):
    order = order_at("VALIDATED")
    inst = next(i for i in order.instruments.order_by("position") if i.amount != 300000)
    amounts = {f"amount_{i.pk}": str(i.effective_amount) for i in order.instruments.all()}
    return Case("ketua_pji", f"/orders/{order.pk}/tariff/",
                {**amounts, f"amount_{inst.pk}": "300000", f"reason_{inst.pk}": "", "note": "Periksa."},
                {f"amount_{inst.pk}": "300000", "note": "Periksa."}, {f"reason_{inst.pk}": "alasan"})


def _approve_tariff_huge(users, order_at):
    order = order_at("VALIDATED")
    inst = order.instruments.order_by("position").first()
    return Case("ketua_pji", f"/orders/{order.pk}/tariff/",
                {f"amount_{inst.pk}": "100000000000000000000", f"reason_{inst.pk}": "Salah ketik?"},
                {f"amount_{inst.pk}": "100000000000000000000", f"reason_{inst.pk}": "Salah ketik?"},
                {f"amount_{inst.pk}": "1.000.000.000"})


def _next_due(users, order_at):
    order = order_at("IN_LAB")
    inst = order.instruments.order_by("position").first()
    return Case("pelanggan", f"/orders/instruments/{inst.pk}/next-due/", {"next_due": "31-02-2027"},
                {"next_due": "31-02-2027"}, {"next_due": "Tanggal"}, action=f"/orders/instruments/{inst.pk}/next-due/")


def _order_form(users, order_at):
    return Case("pelanggan", "/orders/new/", {
        "line-TOTAL_FORMS": "1", "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1", "line-MAX_NUM_FORMS": "200",
        "line-0-brand": "Ohaus", "line-0-serial_numbers": "S1", "line-0-capacity": "220 g", "line-0-units": "1000",
        "notes": "Dua neraca."}, {"line-0-brand": "Ohaus", "line-0-serial_numbers": "S1", "notes": "Dua neraca."},
        {"line-0-units": "", "line-0-instrument_type": ""}, action=None)


def _accept_payment(users, order_at):
    order = order_at("PAYMENT_SUBMITTED")
    data = {"ntpn": "123", "bank": "BRI", "paid_at": "2026-12-01T10:00", "note": "BPN terlampir."}
    return Case("bendahara", f"/billing/order/{order.pk}/accept/", data, data, {"ntpn": "16"})


def _reject_payment(users, order_at):
    order = order_at("PAYMENT_SUBMITTED")
    return Case("bendahara", f"/billing/order/{order.pk}/reject/", {"reason": ""}, {}, {"reason": ""})


def _request_signature(users, order_at):
    order = order_at("NUMBERED")
    return Case("cs", f"/certificates/order/{order.pk}/request-signature/", {"signer": "999999", "note": "Mohon TTE."},
                {"note": "Mohon TTE."}, {"signer": ""})


def _sign(users, order_at):
    order = order_at("AWAITING_SIGNATURE")
    return Case("kepala_balai", f"/certificates/order/{order.pk}/sign/", {"passphrase": ""}, {}, {"passphrase": ""})


def _forward(users, order_at):
    order = order_at("SIGNED")
    return Case("cs", f"/certificates/order/{order.pk}/forward/", {"note": "Silakan unduh."},
                {"note": "Silakan unduh."}, {"checked": ""})


def _request_change(users, order_at):
    order = order_at("FORWARDED")
    report = order.reports.order_by("pk").first()
    return Case("cs", f"/certificates/report/{report.pk}/change/", {"kind": "AMENDMENT", "reason": ""},
                {"kind": "AMENDMENT"}, {"reason": ""})


def _reject_change(users, order_at):
    from certificates.amendments import request_change
    from certificates.models import ChangeKind

    order = order_at("FORWARDED")
    change = request_change(users["cs"], order.reports.order_by("pk").first().pk, ChangeKind.AMENDMENT, "Salah ketik.")
    url = f"/certificates/change/{change.pk}/reject/"
    return Case("ketua_pji", url, {"note": "z" * 2001}, {"note": "z" * 2001}, {"note": "2000"},
                action=f"/certificates/change/{change.pk}/approve/")


def _handover(users, order_at):
    order = order_at("SURVEYED")
    return Case("cs", f"/survey/order/{order.pk}/handover/", {"received_by_name": "", "note": "Diambil kurir."},
                {"note": "Diambil kurir."}, {"received_by_name": ""})


def _lab_reject(users, order_at):
    order = order_at("IN_LAB")
    inst = order.instruments.order_by("position").first()
    return Case("penyelia", f"/lab/instrument/{inst.pk}/reject/", {"reason": " "}, {}, {"reason": ""})


def _return_assignment(users, order_at):
    order = order_at("ASSIGNED")
    inst = order.instruments.order_by("position").first()
    return Case("mt", f"/lab/instrument/{inst.pk}/return/", {"reason": ""}, {}, {"reason": ""})


def _complaint_answer(users, order_at):
    from complaints import services

    order = order_at("PAID")
    complaint = services.lodge(users["pelanggan"], order.pk, "Lama", "Belum ada kabar.")
    services.acknowledge(users["cs"], complaint.pk, "")
    services.assign(users["cs"], complaint.pk, users["cs"].pk, "")
    return Case("cs", f"/complaints/{complaint.pk}/do/answer/", {"text": ""}, {}, {"text": ""})


def _complaint_assign(users, order_at):
    from complaints import services

    order = order_at("PAID")
    complaint = services.lodge(users["pelanggan"], order.pk, "Lama", "Belum ada kabar.")
    services.acknowledge(users["cs"], complaint.pk, "")
    return Case("cs", f"/complaints/{complaint.pk}/do/assign/", {"assignee": "999999", "note": "Mohon dicek."},
                {"note": "Mohon dicek."}, {"assignee": ""})


def _complaint_create(users, order_at):
    order = order_at("PAID")
    return Case("pelanggan", f"/complaints/order/{order.pk}/new/", {"subject": "", "description": "Alat tergores."},
                {"description": "Alat tergores."}, {"subject": ""}, action=None)


def _refund_done(users, order_at):
    from billing.models import RefundRequest

    order = order_at("PAID")
    refund = RefundRequest.objects.create(order=order, instrument=order.instruments.first(), amount=1000,
                                          reason="Alat ditolak.")
    return Case("bendahara", f"/billing/desk/refunds/{refund.pk}/done/", {"note": "n" * 2001}, {"note": "n" * 2001},
                {"note": "2000"})


def _handle_notification(users, order_at):
    from billing.models import NotificationSource, PaymentNotification

    note = PaymentNotification.objects.create(source=NotificationSource.PUSH, raw_payload="{}", needs_attention=True)
    return Case("bendahara", f"/billing/desk/notifications/{note.pk}/handle/", {"note": ""}, {}, {"note": ""})


def _results_case(milestone, user, path, data, kept, errors):
    def make(users, order_at):
        order = order_at(milestone)
        inst = order.instruments.order_by("position").first()
        return Case(user, f"/results/instrument/{inst.pk}/{path}/", data, kept, errors)
    return make


def _refuse_account(users, order_at):
    from accounts.models import User
    from workflow.states import AccountState

    pending = User.objects.filter(state=AccountState.AWAITING_ACTIVATION).first() or _pending_account()
    return Case("admin", f"/accounts/review/{pending.pk}/refuse/", {"reason": ""}, {}, {"reason": ""})


def _pending_account():
    from accounts.models import Company, User
    from workflow.states import AccountState

    from accounts.models import UserRole
    from accounts.roles import Role

    company = Company.objects.create(name="PT Uji Formulir", npwp="0123456789012345", address="Palembang")
    user = User.objects.create_user("pemohon.uji", "pemohon@example.com", "Kalibrasi#2026", full_name="Pemohon Uji",
                                    company=company, state=AccountState.AWAITING_ACTIVATION, is_active=False)
    UserRole.objects.create(user=user, role=Role.PELANGGAN)
    return user


def _invite(users, order_at):
    return Case("pelanggan", "/accounts/company/members/invite/", {"email": "bukan-email"}, {"email": "bukan-email"},
                {"email": ""})


def _data_request_ask(users, order_at):
    return Case("pelanggan", "/accounts/my-data/request/CORRECTION/", {"details": "d" * 2001},
                {"details": "d" * 2001}, {"details": "2000"})


def _data_request_decide(users, order_at):
    from accounts import personal_data

    item = personal_data.ask(users["pelanggan"], "CORRECTION", "Nomor telepon saya salah.")
    return Case("admin", f"/accounts/data-requests/{item.pk}/decide/",
                {"decision": "done", "phone": "0711-555", "nik": "123", "reason": "Sesuai KTP."},
                {"phone": "0711-555", "nik": "123", "reason": "Sesuai KTP."}, {"nik": ""})


def _login(users, order_at):
    client_user = None  # anonymous
    return Case(client_user, "/accounts/login/", {"username": "pelanggan", "password": "salah"},
                {"username": "pelanggan"}, {None: ""}, action=None)


def _password_reset(users, order_at):
    return Case(None, "/accounts/password/reset/", {"email": "bukan-email"}, {"email": "bukan-email"}, {"email": ""},
                action=None)


def _register(users, order_at):
    return Case(None, "/accounts/register/", {"full_name": "Sri Wahyuni", "email": "bukan-email", "phone": "0711"},
                {"full_name": "Sri Wahyuni", "email": "bukan-email"}, {"email": ""}, action=None)


def _unit_form(users, order_at):
    """The central admin's new unit with its office ending before it starts."""
    from accounts.models import User, UserRole
    from accounts.roles import Role

    if "admin_pusat" not in users:
        users["admin_pusat"] = User.objects.create_user("admin_pusat", "pusat@example.com", "Kalibrasi#2026",
                                                        full_name="Admin Pusat")
        UserRole.objects.create(user=users["admin_pusat"], role=Role.ADMIN_PUSAT)
    data = {"code": "bbk-makassar", "name": "BBK Makassar", "short_name": "BBK Makassar", "time_zone": "Asia/Makassar",
            "office_start": "16:00", "office_end": "08:00", "office_weekdays": ["0", "4"],
            "format_order": "MKS/{year}/{seq:05d}", "format_sample": "SMP-{year}"}
    return Case("admin_pusat", "/units/new/", data,
                {"name": "BBK Makassar", "office_end": "08:00", "format_order": "MKS/{year}/{seq:05d}"},
                {"office_end": "sesudah", "format_sample": "{seq}"}, action=None)


def _join(users, order_at):
    from accounts import members

    invitation = members.invite_member(users["pelanggan"], "rekan.baru@example.com")
    token = members.invitation_token(invitation)
    return Case(None, f"/accounts/join/{token}/", {"full_name": "Rekan Baru", "phone": "", "password1": "x"},
                {"full_name": "Rekan Baru"}, {"phone": ""}, action=None)


def _api_token(users, order_at):
    return Case("pelanggan", "/api/tokens/", {"name": "", "scopes": ["read"]}, {}, {"name": ""}, action=None)


def _twofactor_verify(users, order_at):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twofactor import policy

    TOTPDevice.objects.create(user=users["kepala_balai"], name=policy.DEVICE_NAME, confirmed=True)
    return Case("kepala_balai", "/accounts/2fa/verify/", {"code": "12ab"}, {"code": "12ab"}, {"code": ""},
                action=None, fresh=True)


def _twofactor_setup(users, order_at):
    return Case("cs", "/accounts/2fa/setup/", {"code": "12ab"}, {"code": "12ab"}, {"code": ""}, action=None,
                fresh=True, get_first=True)


def _password_reset_confirm(users, order_at):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = users["pelanggan"]
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    return Case(None, f"/accounts/password/reset/{uid}/{token}/",
                {"new_password1": "Kalibrasi#2027!", "new_password2": "lain-sekali"}, {}, {"new_password2": ""},
                action=None, get_first=True)


def _results_grid(users, order_at):
    order = order_at("IN_CALIBRATION")
    inst = order.instruments.order_by("position").first()
    return Case("analis", f"/results/instrument/{inst.pk}/",
                {"calibration_date": "2026-02-31", "temperature": "20,5", "humidity": "55"},
                {"calibration_date": "2026-02-31", "temperature": "20,5", "humidity": "55"}, {"calibration_date": ""},
                action=None)


def _mt_order(users, order_at):
    order = order_at("ASSIGNED")
    return Case("mt", f"/results/order/{order.pk}/mt/", {"note": "Semua sesuai."}, {"note": "Semua sesuai."},
                {"assignment": "Centang"}, action=None)


def _sign_inbox(users, order_at):
    order_at("AWAITING_SIGNATURE")
    return Case("kepala_balai", "/certificates/sign/", {"passphrase": ""}, {}, {"passphrase": "", "reports": ""},
                action=None)


def _survey_fill(users, order_at):
    order = order_at("FORWARDED")
    return Case("pelanggan", f"/survey/order/{order.pk}/", {"comment": "Pelayanan cepat."},
                {"comment": "Pelayanan cepat."}, {}, action=None)


def _receive(users, order_at):
    order = order_at("PAID")
    inst = order.instruments.order_by("position").first()
    return Case("cs", f"/lab/order/{order.pk}/receive/", {"delivered_by": "Kurir", f"i{inst.pk}-accepted": "1",
                                                         f"i{inst.pk}-condition": "", f"i{inst.pk}-accessories": "Kotak"},
                {"delivered_by": "Kurir", f"i{inst.pk}-accessories": "Kotak"}, {f"i{inst.pk}-condition": ""},
                action=None)


def _assign(users, order_at):
    order = order_at("IN_LAB")
    inst = order.instruments.order_by("position").first()
    return Case("penyelia", f"/lab/instrument/{inst.pk}/assign/",
                {**{f"analyst_{p.pk}": "" for p in inst.parameters.all()}, "note": "Mulai Senin."},
                {"note": "Mulai Senin."}, {f"analyst_{inst.parameters.first().pk}": ""}, action=None)


CASES = {
    "orders:action validate": _validate,
    "orders:action reject-price": _reject_price,
    "orders:action cancel": _cancel,
    "workflow:step": _step,
    "orders:approve_tariff": _approve_tariff,
    "orders:approve_tariff huge amount": _approve_tariff_huge,
    "orders:set_next_due": _next_due,
    "orders:create": _order_form,
    "billing:accept": _accept_payment,
    "billing:reject": _reject_payment,
    "billing:refund_done": _refund_done,
    "billing:handle_notification": _handle_notification,
    "certificates:request_signature": _request_signature,
    "certificates:sign": _sign,
    "certificates:forward": _forward,
    "certificates:request_change": _request_change,
    "certificates:reject_change": _reject_change,
    "survey:handover_create": _handover,
    "lab:reject": _lab_reject,
    "lab:return_assignment": _return_assignment,
    "complaints:action": _complaint_answer,
    "complaints:action assign": _complaint_assign,
    "complaints:create": _complaint_create,
    "results:verify": _results_case("RESULTS_ENTERED", "penyelia", "verify", {"note": "v" * 4001},
                                    {"note": "v" * 4001}, {"note": "4000"}),
    "results:return_verification": _results_case("RESULTS_ENTERED", "penyelia", "return-verification",
                                                 {"comment": ""}, {}, {"comment": ""}),
    "results:validate": _results_case("VERIFIED", "mt", "validate", {"note": "v" * 4001}, {"note": "v" * 4001},
                                      {"note": "4000"}),
    "results:return_validation": _results_case("VERIFIED", "mt", "return-validation", {"comment": ""}, {},
                                               {"comment": ""}),
    "accounts:refuse": _refuse_account,
    "accounts:invite": _invite,
    "accounts:data_request_ask": _data_request_ask,
    "accounts:data_request_decide": _data_request_decide,
    "accounts:login": _login,
    "accounts:password_reset": _password_reset,
    "accounts:register": _register,
    "units:create": _unit_form,
    "accounts:join": _join,
    "apitokens:tokens": _api_token,
    "twofactor:verify": _twofactor_verify,
    "twofactor:setup": _twofactor_setup,
    "certificates:sign_inbox": _sign_inbox,
    "accounts:password_reset_confirm": _password_reset_confirm,
    "results:grid": _results_grid,
    "results:mt_order": _mt_order,
    "survey:fill": _survey_fill,
    "lab:receive": _receive,
    "lab:assign": _assign,
}
# URL names covered by a case under another name (the same view and form as a case above).
SAME_AS = {
    "orders:edit": "orders:create",
    "units:edit": "units:create",
    "certificates:approve_change": "certificates:reject_change",
    "certificates:sign_amendment": "certificates:sign",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_input_comes_back_as_typed_with_the_message_beside_the_field(name, users, order_at, login):
    from django.utils import translation

    case = CASES[name](users, order_at)
    with translation.override("id"):
        if case.fresh:
            client = Client()
            client.force_login(users[case.user])
        else:
            client = login(users[case.user]) if case.user else Client()
        url = case.url
        if case.get_first:  # e.g. the reset link moves its token into the session and redirects
            url = client.get(case.url, follow=True).request["PATH_INFO"]
        response = client.post(url, case.data)
    assert response.status_code == 200, f"{name}: answered {response.status_code} {getattr(response, 'url', '')}"
    page = response.content.decode()
    action = url if case.action == "same" else case.action
    for field_name, value in case.kept.items():
        assert shown_value(page, field_name, action) == value, f"{name}: {field_name} not kept as typed"
    for field_name, text in case.errors.items():
        if field_name is None:
            beside = form_errors(page, action)
        else:
            beside = error_beside(page, field_name, action)
        assert beside, f"{name}: no message beside {field_name}"
        assert text.lower() in beside.lower(), f"{name}: {field_name}: {beside!r}"


def _takes_post(pattern) -> bool:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    func = callback
    while func is not None:
        closure = [c.cell_contents for c in (func.__closure__ or ()) if isinstance(c.cell_contents, (list, tuple))]
        if any("POST" in methods for methods in closure):
            return True
        try:
            source = inspect.getsource(func)
        except (OSError, TypeError):
            source = ""
        if "request.POST" in source or 'request.method == "POST"' in source:
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def _patterns():
    out = {}

    def walk(resolver, namespace=None):
        from django.urls import URLPattern, URLResolver

        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = ":".join(x for x in (namespace, entry.namespace) if x) if entry.namespace else namespace
                walk(entry, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                out.setdefault(f"{namespace}:{entry.name}" if namespace else entry.name, entry)
    walk(get_resolver())
    return out


def test_every_post_view_is_covered():
    patterns = _patterns()
    covered = {name.split(" ")[0] for name in CASES} | set(SAME_AS) | set(NO_TYPED_INPUT)
    missing = []
    for url in project_urls():
        rule = POLICY.get(url.name)
        if rule is not None and rule.api:
            continue  # the REST API answers JSON with its own error bodies (api/errors.py)
        pattern = patterns.get(url.name)
        if pattern is None:
            continue
        if (rule is not None and rule.post) or _takes_post(pattern):
            if url.name not in covered:
                missing.append(url.name)
    assert not missing, ("POST views with no invalid-input case and no NO_TYPED_INPUT reason: "
                         + ", ".join(sorted(missing)))
