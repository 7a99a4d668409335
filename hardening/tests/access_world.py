"""The objects the access-control matrix requests its URLs against, built once per test module.

Every order belongs to `pelanggan` and holds only mass-laboratory instruments, so `penyelia`/`analis`
are in scope and `pelanggan2`, `penyelia2` (temperature laboratory) and `analis2` are not: they are the
"not theirs" identities. A second unit has its own orders (one in each state of interest, its own
laboratory) and a member of staff for every staff role (`<role>_u2`): the world's orders are in the
first unit, so these are "not theirs" identities too. Each object kind of `hardening.policy` maps to the URL keyword arguments built
from these objects (`World.kwargs(kind)`).
"""
from __future__ import annotations

import dataclasses

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import STAFF_ROLES, LAB_ROLES, Role

# The staff of the second unit: one per staff role, named after it ("cs_u2").
OTHER_UNIT_STAFF = {f"{role.lower()}_u2": role for role in STAFF_ROLES}
# Identity name -> the demo account it logs in as (None: anonymous). The nine roles, then the
# second customer, the supervisor and analyst of another laboratory, and the staff of another unit.
IDENTITIES = {
    "anonymous": None,
    "pelanggan": "pelanggan", "admin": "admin", "cs": "cs", "ketua_pji": "ketua_pji", "bendahara": "bendahara",
    "penyelia": "penyelia", "mt": "mt", "analis": "analis", "kepala_balai": "kepala_balai",
    "pelanggan2": "pelanggan2", "penyelia2": "penyelia2", "analis2": "analis2",
    **{name: name for name in OTHER_UNIT_STAFF},
}
# The role each identity acts in, and whether the world's objects are outside its scope.
ROLE_OF = {
    "pelanggan": Role.PELANGGAN, "admin": Role.ADMIN, "cs": Role.CS, "ketua_pji": Role.KETUA_PJI,
    "bendahara": Role.BENDAHARA, "penyelia": Role.PENYELIA, "mt": Role.MT, "analis": Role.ANALIS,
    "kepala_balai": Role.KEPALA_BALAI, "pelanggan2": Role.PELANGGAN, "penyelia2": Role.PENYELIA,
    "analis2": Role.ANALIS, **OTHER_UNIT_STAFF,
}
FOREIGN = {"pelanggan2", "penyelia2", "analis2", *OTHER_UNIT_STAFF}


class World:
    def __init__(self):
        from accounts.seed import seed_accounts
        from catalog.seed import seed_catalog
        from certificates.demo import ensure_demo_keys
        from demo import road as demo

        seed_catalog()
        self.users = users = seed_accounts()
        __import__("metrology.seed").seed.seed_metrology()  # results need a method (as in conftest's users)
        ensure_demo_keys()

        def mass_only():  # no tolerance: the demo results then need no decision rule
            return [dataclasses.replace(line, tolerance="") for line in demo.demo_lines(count_mass=1, count_temp=0)]

        def order_at(milestone):
            order = demo.new_order(users, "pelanggan", mass_only())
            return demo.drive(users, order, milestone) if milestone else order

        self.draft = order_at(None)
        self.awaiting = order_at("PAYMENT_SUBMITTED")
        self.in_calibration = order_at("IN_CALIBRATION")
        self.signed = order_at("SIGNED")
        self.orders = [self.draft, self.awaiting, self.in_calibration, self.signed]
        self._other_unit([order_at(milestone) for milestone in (None, "PAYMENT_SUBMITTED", "IN_CALIBRATION",
                                                                 "SIGNED")])
        self._extras()

    def _other_unit(self, orders):
        """A second unit with its own laboratory, a member of staff for every staff role, and `orders`
        (made along the road in the first unit, then moved with their laboratory work into the second)."""
        from accounts.models import User, UserRole
        from accounts.seed import admin_satker_group
        from catalog.models import Laboratory
        from lab.models import Parameter
        from orders.models import Instrument, Order
        from units.models import Unit

        self.unit2 = Unit.objects.create(code="bspji-ambon", name="Balai Standardisasi Ambon", short_name="BSPJI Ambon",
                                         time_zone="Asia/Jayapura", office_start="08:00", office_end="16:00")
        self.lab2 = Laboratory.objects.create(code="ambon-massa", name="Laboratorium Massa Ambon", unit=self.unit2)
        for username, role in OTHER_UNIT_STAFF.items():
            user = User.objects.create_user(
                username=username, email=f"{username}@demo.sippt.local", password="x-Kalibrasi#2026",
                full_name=f"Petugas {role} Ambon", email_verified=True, is_staff=role == Role.ADMIN,
                laboratory=self.lab2 if role in LAB_ROLES else None)
            UserRole.objects.create(user=user, role=role, unit=self.unit2)
            if role == Role.ADMIN:
                user.groups.add(admin_satker_group())
            self.users[username] = user
        ids = [o.pk for o in orders]
        Order.objects.filter(pk__in=ids).update(unit=self.unit2)
        Order.objects.filter(pk__in=ids, signer__isnull=False).update(signer=self.users["kepala_balai_u2"])
        Instrument.objects.filter(order__in=ids).update(laboratory=self.lab2)
        Instrument.objects.filter(order__in=ids, supervisor__isnull=False).update(supervisor=self.users["penyelia_u2"])
        Parameter.objects.filter(instrument__order__in=ids, analyst__isnull=False).update(
            analyst=self.users["analis_u2"])
        self.unit2_orders = list(Order.objects.filter(pk__in=ids).order_by("pk"))

    def _extras(self):
        from api.models import ApiToken
        from billing.models import (
            NotificationSource,
            PaymentNotification,
            RefundRequest,
        )
        from certificates.amendments import request_change
        from certificates.models import ChangeKind

        users = self.users
        self.billing = self.awaiting.billings.order_by("-pk").first()
        self.proof = self.awaiting.payment_proofs.order_by("-pk").first()
        self.payment = self.signed.payments.order_by("-pk").first()
        self.instrument = self.in_calibration.instruments.order_by("pk").first()
        self.report = self.signed.reports.order_by("pk").first()
        self.change = request_change(users["cs"], self.report.pk, ChangeKind.AMENDMENT, "Salah ketik nama alat.")
        self.refund = RefundRequest.objects.create(order=self.signed, instrument=self.signed.instruments.first(),
                                                   amount=150000, reason="Alat ditolak setelah bayar.")
        self.notification = PaymentNotification.objects.create(
            source=NotificationSource.PUSH, raw_payload="{}", billing_code=self.billing.code, detail="uji")
        self.api_token, _ = ApiToken.issue(users["pelanggan"], "uji", ["read"])
        # Each identity's bearer token for the REST API (both scopes, so only the role decides).
        self.bearer = {ident: ApiToken.issue(users[name], "matriks", ["read", "transitions"])[1]
                       for ident, name in IDENTITIES.items() if name}
        self.pending_account = self._pending_customer()
        from survey.services import record_handover
        self.handover = record_handover(users["cs"], self.signed.pk, "Budi Santoso", "")
        from complaints.services import lodge
        self.complaint = lodge(users["pelanggan"], self.signed.pk, "Sertifikat terlambat", "Belum kami terima.")
        self._company_and_personal_data()
        self._signing_batch_and_export()
        self._raw_data_attachment()

    def _company_and_personal_data(self):
        """A second, ordinary member of `pelanggan`'s company, a pending invitation and a
        personal-data request of `pelanggan` (the owner of that company)."""
        from accounts import members, personal_data
        from accounts.models import User, UserRole
        from workflow.states import AccountState

        owner = self.users["pelanggan"]
        self.member = User.objects.create_user(
            username="rekan", email="rekan@example.com", password="x-Kalibrasi#2026", full_name="Rekan Pelanggan",
            company=owner.company, state=AccountState.ACTIVE, is_active=True, email_verified=True)
        UserRole.objects.create(user=self.member, role=Role.PELANGGAN)
        self.invitation = members.invite_member(owner, "undangan@example.com")
        self.invitation_token = members.invitation_token(self.invitation)
        self.data_request = personal_data.ask(owner, "CORRECTION", "Nomor telepon saya salah.")

    def _signing_batch_and_export(self):
        """A signing batch started by the head of centre, and an export file the head of centre made."""
        from django.core.files.base import ContentFile

        from certificates.models import SigningBatch, SigningBatchItem
        from management.models import Export, ExportFormat, ExportStatus

        head = self.users["kepala_balai"]
        self.batch = SigningBatch.objects.create(signer=head)
        SigningBatchItem.objects.create(batch=self.batch, report=self.report)
        self.export = Export(owner=head, kind="order_register", format=ExportFormat.XLSX, status=ExportStatus.DONE,
                             filename="register-pesanan.xlsx")
        self.export.file.save("register-pesanan.xlsx", ContentFile(b"PK\x03\x04 matriks"), save=False)
        self.export.save()

    def _raw_data_attachment(self):
        """A raw data file the assigned analyst attached to the instrument being calibrated."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from results.services import attach_raw_file

        upload = SimpleUploadedFile("data-mentah.csv", b"titik,bacaan\n1,100.0\n", content_type="text/csv")
        self.attachment = attach_raw_file(self.users["analis"], self.instrument.pk, upload)

    def _pending_customer(self):
        from accounts.models import User, UserRole
        from workflow.states import AccountState

        user = User.objects.create_user(username="calon", email="calon@example.com", password="x-Kalibrasi#2026",
                                        full_name="Calon Pelanggan", company=self.users["pelanggan"].company,
                                        state=AccountState.AWAITING_ACTIVATION, is_active=False)
        UserRole.objects.create(user=user, role=Role.PELANGGAN)
        return user

    # Object kind -> URL keyword arguments. A policy entry names one of these (`obj=`).
    def kwargs(self, kind: str) -> dict:
        pending = self.pending_account
        uid = urlsafe_base64_encode(force_bytes(pending.pk))
        table = {
            "": {},
            "order": {"pk": self.signed.pk},
            "complaint_order": {"order_pk": self.signed.pk},
            "complaint": {"pk": self.complaint.pk},
            "complaint_action": {"pk": self.complaint.pk, "action": "acknowledge"},
            "draft": {"pk": self.draft.pk},
            "awaiting": {"pk": self.awaiting.pk},
            "order_action": {"pk": self.draft.pk, "action": "submit"},
            "order_step": {"code": "order.submit", "pk": self.draft.pk},
            "instrument": {"pk": self.instrument.pk},
            "billing": {"pk": self.billing.pk},
            "proof": {"pk": self.awaiting.pk, "proof_pk": self.proof.pk},
            "payment": {"pk": self.payment.pk},
            "notification": {"pk": self.notification.pk},
            "refund": {"pk": self.refund.pk},
            "report": {"pk": self.report.pk},
            "change": {"pk": self.change.pk},
            "report_token": {"token": self.report.token},
            "account": {"pk": pending.pk},
            "staff_account": {"pk": self.users["kepala_balai"].pk},
            "unit": {"pk": self.users["admin"].roles.get().unit_id},
            "unit_admin": {"pk": self.users["admin"].roles.get().unit_id, "user_pk": self.users["admin"].pk},
            "api_token": {"pk": self.api_token.pk},
            "email_token": {"uidb64": uid, "token": "bad-token"},
            "bad_token": {"token": "bad-token"},
            "data_request_kind": {"kind": "CORRECTION"},
            "reset_token": {"uidb64": uid, "token": default_token_generator.make_token(pending)},
            "inbox": {"role": Role.CS},
            "api_order": {"order_id": self.signed.pk},
            "api_order_transition": {"order_id": self.awaiting.pk, "code": "order.accept_payment"},
            "api_instrument": {"instrument_id": self.instrument.pk},
            "api_report": {"report_id": self.report.pk},
            "data_request": {"pk": self.data_request.pk},
            "member": {"pk": self.member.pk},
            "invitation": {"pk": self.invitation.pk},
            "invitation_token": {"token": self.invitation_token},
            "batch": {"pk": self.batch.pk},
            "export": {"pk": self.export.pk},
            "centre_table": {"key": "revenue_by_month", "fmt": "xlsx"},
            "attachment": {"pk": self.instrument.pk, "attachment_pk": self.attachment.pk},
            "api_instrument_transition": {"instrument_id": self.instrument.pk, "code": "instrument.submit_results"},
        }
        return table[kind]

    def secrets(self) -> list[str]:
        """Text that only someone who may see the world's objects may find in a page."""
        return [o.number for o in self.orders if o.number]

    def unit2_secrets(self) -> list[str]:
        """The second unit's order numbers: the first unit's staff never see them."""
        return [o.number for o in self.unit2_orders if o.number]
