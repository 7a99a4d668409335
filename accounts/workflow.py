"""The customer's account as a subject of the SOP engine: steps 1-3 and the branches around them."""
from accounts.roles import Role
from workflow.registry import Subject, register
from workflow.states import AccountState as A
from workflow.table import row

P, ADM, PUSAT = Role.PELANGGAN, Role.ADMIN, Role.ADMIN_PUSAT

ACCOUNT = Subject(
    name="account", model="accounts.User", states=A, label_id="Akun", label_en="Account",
    account_path="", audit_fk="account", scope="accounts.access.account_in_scope", inbox="accounts.workflow.inbox_queryset",
    final_states=(A.REFUSED,),
)

ROWS = (
    # --- the account (steps 1-3) ---
    row("account.visit", "account", 1, P, (), A.ON_WEBSITE, 30, None,
        "Membuka situs SIPPT", "Opens the SIPPT site"),
    row("account.register", "account", 2, P, (A.ON_WEBSITE,), A.AWAITING_ACTIVATION, 30, None,
        "Mendaftar akun", "Registers an account"),
    row("account.activate", "account", 3, ADM, (A.AWAITING_ACTIVATION,), A.ACTIVE, 10, None,
        "Mengaktifkan akun pelanggan", "Activates the customer account"),
    row("account.refuse", "account", None, ADM, (A.AWAITING_ACTIVATION,), A.REFUSED, None, None,
        "Menolak akun (dengan alasan)", "Refuses the account (with a reason)"),
    # "Admin Satker / Admin Pusat" (SOP step 3): the central admin activates or refuses any customer's
    # account, the unit admin those whose company's home unit it is (accounts.access.account_in_scope).
    row("account.activate", "account", 3, PUSAT, (A.AWAITING_ACTIVATION,), A.ACTIVE, 10, None,
        "Mengaktifkan akun pelanggan", "Activates the customer account"),
    row("account.refuse", "account", None, PUSAT, (A.AWAITING_ACTIVATION,), A.REFUSED, None, None,
        "Menolak akun (dengan alasan)", "Refuses the account (with a reason)"),
    row("account.join_by_invitation", "account", None, P, (A.ON_WEBSITE,), A.ACTIVE, None, None,
        "Bergabung melalui undangan perusahaan (tanpa aktivasi kedua)",
        "Joins through the company's invitation (no second activation)"),
    row("account.member_removed", "account", None, P, (A.ACTIVE,), A.DEACTIVATED, None, None,
        "Anggota dikeluarkan oleh pengelola perusahaan", "Member removed by the company's account owner"),
    row("account.deactivate", "account", None, ADM, (A.ACTIVE,), A.DEACTIVATED, None, None,
        "Menonaktifkan akun (dengan alasan)", "Deactivates the account (with a reason)"),
    row("account.reactivate", "account", None, ADM, (A.DEACTIVATED,), A.ACTIVE, None, None,
        "Mengaktifkan kembali akun (dengan alasan)", "Reactivates the account (with a reason)"),
)

# Audit codes of the account that change no state: (Indonesian, English).
LABELS = {
    "account.visit": ("Membuka situs SIPPT", "Opened the SIPPT site"),
    "account.email_verified": ("Email terverifikasi", "Email verified"),
    "account.member_invited": ("Mengundang anggota perusahaan", "Invited a company member"),
    "account.member_joined": ("Bergabung sebagai anggota perusahaan", "Joined as a company member"),
    "account.invitation_revoked": ("Undangan anggota dibatalkan", "Member invitation revoked"),
    "account.member_removed": ("Anggota perusahaan dikeluarkan", "Company member removed"),
    "account.owner_added": ("Anggota dijadikan pengelola akun perusahaan", "Member made a company account owner"),
    "account.data_exported": ("Mengunduh data pribadi", "Downloaded personal data"),
    "account.data_request": ("Permintaan koreksi/penghapusan data pribadi", "Personal data correction/deletion request"),
    "account.data_request_decided": ("Permintaan data pribadi diputuskan", "Personal data request decided"),
    "account.roles_changed": ("Peran akun diubah", "Account roles changed"),
    "account.second_factor_reset": ("Verifikasi dua langkah akun diatur ulang", "Two-step verification reset"),
}


def inbox_queryset(user, role, states):
    """Accounts waiting for an admin: verified customers' registrations, those of the companies whose
    home unit the unit admin is ADMIN in; every one for the central admin."""
    from accounts.access import admin_units, with_home_unit
    from accounts.models import User

    if role not in (ADM, PUSAT):
        return None
    accounts = User.objects.filter(state__in=states, roles__role=P, email_verified=True).select_related("company")
    if role == ADM:
        accounts = with_home_unit(accounts).filter(home_unit__in=admin_units(user))
    return accounts


def register_all():
    register(ACCOUNT, ROWS, LABELS)
    register_data_requests()


# --- the personal-data request (UU 27/2022): another lifecycle of the account ---
from accounts.models import DataRequestStatus as D  # noqa: E402

DATA_REQUEST = Subject(
    name="data_request", model="accounts.PersonalDataRequest", states=D, label_id="Permintaan data pribadi",
    label_en="Personal data request", state_field="status", account_path="user",
    scope="accounts.workflow.data_request_in_scope", inbox="accounts.workflow.data_request_inbox",
    final_states=(D.DONE, D.REFUSED),
)

# No norm: the law's 3 × 24 hours (DOMAIN.md) are calendar hours for a correction, none is set for a
# deletion, and the SOP names none; the clock keeps when the request entered its status.
DATA_REQUEST_ROWS = (
    row("data_request.file", "data_request", None, P, (), D.OPEN, None, None,
        "Meminta perbaikan atau penghapusan data pribadi", "Asks for a correction or deletion of personal data"),
    row("data_request.done", "data_request", None, ADM, (D.OPEN,), D.DONE, None, None,
        "Melaksanakan permintaan data pribadi (dengan catatan)",
        "Carries out the personal data request (with a note)", inbox=True),
    row("data_request.refuse", "data_request", None, ADM, (D.OPEN,), D.REFUSED, None, None,
        "Menolak permintaan data pribadi (dengan alasan)", "Refuses the personal data request (with a reason)",
        inbox=True),
)


def data_request_in_scope(user, role, item) -> bool:
    """ADMIN decides anyone's request; a person files only their own."""
    if role == ADM:
        return True
    return role == P and item.user_id == user.pk


def data_request_inbox(user, role, states):
    """Open requests wait for the unit admin."""
    from accounts.models import PersonalDataRequest

    if role != ADM:
        return None
    return PersonalDataRequest.objects.filter(status__in=states).select_related("user", "user__company")


# Human rows of accounts and data requests, taken on the accounts app's own pages (not yet in the one
# mapping from code to service, workflow.actions): where each is taken.
ELSEWHERE = {
    "account.visit": "the account's creation by the registration page (accounts:register)",
    "account.register": "the e-mail verification link (accounts:verify_email)",
    "account.activate": "the admin's review page of the registration documents (accounts:activate)",
    "account.refuse": "the admin's review page, with a reason (accounts:refuse)",
    "account.join_by_invitation": "the invitation link's registration page (accounts:join)",
    "account.member_removed": "the company's members page (accounts:remove_member)",
    "account.deactivate": "the admin site's account page",
    "account.reactivate": "the admin site's account page",
    "data_request.file": "the personal-data page, one request per kind (accounts:data_request_ask)",
    "data_request.done": "the admin's decision page of a data request (accounts:data_request_decide)",
    "data_request.refuse": "the admin's decision page, with a reason (accounts:data_request_decide)",
}


def register_data_requests():
    from notifications.services import SERVICE_NOTICES
    from workflow import actions

    actions.register(elsewhere=ELSEWHERE)
    register(DATA_REQUEST, DATA_REQUEST_ROWS)
    SERVICE_NOTICES.add(DATA_REQUEST.name)  # accounts.personal_data tells the admins and the person itself
