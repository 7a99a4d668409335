"""The access-control policy: for every URL name of the project, who may open it.

One line per URL name. `who` lists the roles that may open the page (GET) or, for an action
(`post=True`), perform it; `ANON` in `who` means anonymous visitors too. `own=True`: only objects in
the user's scope — a customer's own company's orders, a supervisor's own laboratory, an analyst's
assigned instruments; the centre-wide roles (admin, CS, Ketua Tim PJI, Bendahara, MT, Kepala Balai)
see every order of the unit they hold the role in (the matrix's staff of another unit see none of the
world's objects). `obj` names the demo object that fills the URL's arguments (see
`hardening/tests/access_world.py`, `World.kwargs`). `post=True` marks an action or a step page:
its GET is checked only for "no 500, nothing not theirs shown", and a refused role's POST must change
nothing. `api=True`: the URL is the REST API, requested
with each identity's bearer token instead of the session.

The matrix test (`hardening/tests/test_access_matrix.py`) requests every URL as anonymous, as each of
the nine roles, as a second customer, as the supervisor and analyst of another laboratory and as a
member of staff of another unit for every staff role, and
checks each answer against this table. A new URL name without an entry here fails that test.

Adding a URL: one line in POLICY. If its arguments name an object the world does not have yet, build
that object in `World._extras` and add its kind to the table in `World.kwargs` (one line each).
"""
from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import STAFF_ROLES, Role

ANON = "ANONYMOUS"


@dataclass(frozen=True)
class Rule:
    who: frozenset
    obj: str = ""
    own: bool = False
    post: bool = False
    api: bool = False
    logs: tuple[str, ...] = ()  # models a refused request is meant to write to (a log of attempts)


def rule(who, obj: str = "", *, own: bool = False, post: bool = False, api: bool = False,
         logs: tuple[str, ...] = ()) -> Rule:
    return Rule(frozenset(who), obj, own, post, api, logs)


R = Role
EVERYONE = {ANON, *Role}          # public pages
LOGGED_IN = set(Role)             # any account
STAFF = set(STAFF_ROLES)          # every role but the customer
CUSTOMER = {R.PELANGGAN}
NOBODY: set = set()               # no session may do it (machine-to-machine, own credentials)
# A laboratory's supervisor and analyst see only their own laboratory's part of an order: no prices,
# billings, payment proofs, NTPNs, refunds or whole-order documents (hardening/tests/test_need_to_know.py
# checks an order with instruments in two laboratories).
LAB = {R.PENYELIA, R.ANALIS}

POLICY: dict[str, Rule] = {
    # --- public and account pages
    "home": rule(EVERYONE),
    "healthz": rule(EVERYONE),
    "readyz": rule(EVERYONE),
    "service_standard": rule(EVERYONE),
    "accounts:login": rule(EVERYONE),
    "accounts:logout": rule(EVERYONE, post=True),
    "accounts:register": rule(EVERYONE),
    "accounts:verify_email": rule(EVERYONE, "email_token"),
    "accounts:password_reset": rule(EVERYONE),
    "accounts:password_reset_done": rule(EVERYONE),
    "accounts:password_reset_confirm": rule(EVERYONE, "reset_token"),
    "accounts:password_reset_complete": rule(EVERYONE),
    # step 3 by the home unit's admin or the central admin (the matrix's pending customer is of the
    # default unit, whose admin `admin` is)
    "accounts:review": rule({R.ADMIN, R.ADMIN_PUSAT}, "account", own=True),  # own: the home unit's customer
    "accounts:activate": rule({R.ADMIN, R.ADMIN_PUSAT}, "account", own=True, post=True),
    "accounts:refuse": rule({R.ADMIN, R.ADMIN_PUSAT}, "account", own=True, post=True),
    "accounts:privacy": rule(EVERYONE),
    "accounts:my_data": rule(CUSTOMER),
    "accounts:my_data_download": rule(CUSTOMER),
    "accounts:data_requests": rule({R.ADMIN}),
    "accounts:members": rule(CUSTOMER),
    "accounts:data_request": rule({R.ADMIN}, "data_request"),
    "accounts:data_request_decide": rule({R.ADMIN}, "data_request", post=True),
    # a company's owner manages its members; the matrix's `pelanggan` owns the company of `member`
    # and `invitation` (a non-owner member is refused too: test_access_matrix, members test)
    "accounts:make_owner": rule(CUSTOMER, "member", own=True, post=True),
    "accounts:remove_member": rule(CUSTOMER, "member", own=True, post=True),
    "accounts:revoke_invitation": rule(CUSTOMER, "invitation", own=True, post=True),
    # --- units and unit admins: the central admin's pages
    "units:list": rule({R.ADMIN_PUSAT}),
    "units:create": rule({R.ADMIN_PUSAT}),
    "units:edit": rule({R.ADMIN_PUSAT}, "unit"),
    "units:staff": rule({R.ADMIN_PUSAT}, "unit"),
    "units:appoint_admin": rule({R.ADMIN_PUSAT}, "unit", post=True),
    "units:remove_admin": rule({R.ADMIN_PUSAT}, "unit_admin", post=True),
    # --- second factor
    "twofactor:verify": rule(LOGGED_IN),
    "twofactor:setup": rule(STAFF),
    "twofactor:reset": rule({R.ADMIN}, "staff_account", own=True),  # own: the unit admin's own unit's staff
    "twofactor:reset_confirm": rule({R.ADMIN}, "staff_account", own=True, post=True),
    # --- workflow
    "workflow:inbox": rule({R.CS}, "inbox"),  # each role its own inbox; requested here for CS's
    "workflow:sop": rule(EVERYONE),
    # a plain step by its code (workflow.actions); requested here for the customer's order.submit of a draft
    "workflow:step": rule(CUSTOMER, "order_step", own=True, post=True),
    # --- orders
    "orders:list": rule(LOGGED_IN),
    "orders:create": rule(CUSTOMER),
    "orders:price_preview": rule(CUSTOMER, post=True),
    "orders:detail": rule(LOGGED_IN, "order", own=True),
    "orders:edit": rule(CUSTOMER, "draft", own=True),
    "orders:approve_tariff": rule({R.KETUA_PJI}, "draft", own=True, post=True),
    "orders:action": rule(CUSTOMER, "order_action", own=True, post=True),
    "orders:instrument": rule(LOGGED_IN, "instrument", own=True),
    "orders:set_next_due": rule(CUSTOMER, "instrument", own=True, post=True),
    # --- billing and payment
    "billing:issue": rule({R.BENDAHARA}, "awaiting", own=True, post=True),
    "billing:reissue": rule({R.BENDAHARA}, "awaiting", own=True, post=True),
    "billing:upload_proof": rule(CUSTOMER, "awaiting", own=True, post=True),
    "billing:proof_file": rule(LOGGED_IN - LAB, "proof", own=True),
    "billing:accept": rule({R.BENDAHARA}, "awaiting", own=True, post=True),
    "billing:reject": rule({R.BENDAHARA}, "awaiting", own=True, post=True),
    "billing:payment_status": rule(LOGGED_IN - LAB, "awaiting", own=True),
    "billing:billing_pdf": rule(LOGGED_IN - LAB, "billing", own=True),
    "billing:receipt_pdf": rule(LOGGED_IN - LAB, "payment", own=True),
    "billing:desk": rule({R.BENDAHARA}),
    "billing:poll": rule({R.BENDAHARA}, "billing", own=True, post=True),
    "billing:notifications": rule({R.BENDAHARA}),
    "billing:handle_notification": rule({R.BENDAHARA}, "notification", post=True),
    "billing:refunds": rule({R.BENDAHARA}),
    "billing:refund_done": rule({R.BENDAHARA}, "refund", own=True, post=True),
    # a unit's treasurer: their unit's; the national roles read every unit's, with a unit filter
    "billing:reconciliation": rule({R.BENDAHARA, R.ADMIN_PUSAT, R.PIMPINAN}),
    "billing:reconciliation_xlsx": rule({R.BENDAHARA, R.ADMIN_PUSAT, R.PIMPINAN}),
    "billing:simponi_push": rule(NOBODY, post=True, logs=("billing.RefusedPushCount",)),  # SIMPONI's
    # own credentials and addresses; a push from another address is only counted (per address and minute)
    # --- laboratory
    "lab:receive": rule({R.CS}, "order", own=True, post=True),
    "lab:receipt_pdf": rule(LOGGED_IN - LAB, "order", own=True),  # the whole order's receipt
    "quotations:pdf": rule(LOGGED_IN - LAB, "order", own=True),
    "lab:labels_pdf": rule(LOGGED_IN, "order", own=True),
    "lab:assign": rule({R.PENYELIA}, "instrument", own=True, post=True),
    "lab:reject": rule({R.PENYELIA}, "instrument", own=True, post=True),
    "lab:approve_assignment": rule({R.MT}, "instrument", own=True, post=True),
    "lab:return_assignment": rule({R.MT}, "instrument", own=True, post=True),
    # --- results
    "results:grid": rule(STAFF, "instrument", own=True),
    "results:attachment": rule(STAFF, "attachment", own=True),  # a raw data file: as the grid
    "results:verify": rule({R.PENYELIA}, "instrument", own=True, post=True),
    "results:return_verification": rule({R.PENYELIA}, "instrument", own=True, post=True),
    "results:validate": rule({R.MT}, "instrument", own=True, post=True),
    "results:return_validation": rule({R.MT}, "instrument", own=True, post=True),
    "results:mt_order": rule({R.MT}, "order", own=True),  # MT validates an order's instruments on one page
    # --- certificates (E-LHU)
    "certificates:number": rule({R.KETUA_PJI}, "order", own=True, post=True),
    "certificates:request_signature": rule({R.CS}, "order", own=True, post=True),
    "certificates:sign": rule({R.KEPALA_BALAI}, "order", own=True, post=True),
    "certificates:forward": rule({R.CS}, "order", own=True, post=True),
    "certificates:preview": rule(STAFF, "report", own=True),
    "certificates:download": rule(LOGGED_IN, "report", own=True),
    "certificates:download_dcc": rule(LOGGED_IN, "report", own=True),
    "certificates:request_change": rule({R.CS}, "report", own=True, post=True),
    "certificates:approve_change": rule({R.KETUA_PJI}, "change", own=True, post=True),
    "certificates:reject_change": rule({R.KETUA_PJI}, "change", own=True, post=True),
    "certificates:sign_amendment": rule({R.KEPALA_BALAI}, "change", own=True, post=True),
    "certificates:verify": rule(EVERYONE, "report_token"),
    "certificates:batch": rule({R.KEPALA_BALAI}, "batch", own=True),  # only the batch's own signer
    "certificates:batch_progress": rule({R.KEPALA_BALAI}, "batch", own=True),
    # --- survey and handover
    "survey:fill": rule(CUSTOMER, "order", own=True, post=True),  # others are sent back to the order
    "survey:complete": rule(CUSTOMER, "order", own=True, post=True),
    "survey:handover_create": rule({R.CS}, "order", own=True, post=True),
    "survey:handover_pdf": rule(LOGGED_IN - LAB, "order", own=True),
    "survey:ikm": rule({R.ADMIN, R.CS, R.KETUA_PJI, R.MT, R.KEPALA_BALAI}),
    # --- notifications
    "notifications:list": rule(LOGGED_IN),
    "notifications:mark_all_read": rule(LOGGED_IN, post=True),
    # --- API tokens and the REST API
    "apitokens:tokens": rule(LOGGED_IN),
    "apitokens:revoke": rule(CUSTOMER, "api_token", own=True, post=True),
    "api:openapi-json": rule(EVERYONE, api=True),
    "api:openapi-view": rule(EVERYONE, api=True),
    "api:api-root": rule(NOBODY, api=True),  # no page at /api/ itself
    "api:sop_table": rule(LOGGED_IN, api=True),
    "api:list_orders": rule(LOGGED_IN, api=True),
    "api:create_order": rule(CUSTOMER, post=True, api=True),  # a draft order of the customer's own company
    "api:get_order": rule(LOGGED_IN, "api_order", own=True, api=True),
    "api:order_reports": rule(LOGGED_IN, "api_order", own=True, api=True),
    "api:order_billings": rule(LOGGED_IN - LAB, "api_order", own=True, api=True),
    "api:order_quotations": rule(LOGGED_IN - LAB, "api_order", own=True, api=True),
    "api:get_instrument": rule(LOGGED_IN, "api_instrument", own=True, api=True),
    "api:report_dcc": rule(LOGGED_IN, "api_report", own=True, api=True),
    "api:report_pdf": rule(LOGGED_IN, "api_report", own=True, api=True),
    "api:order_transition": rule({R.BENDAHARA}, "api_order_transition", own=True, post=True, api=True),
    "api:instrument_transition": rule({R.ANALIS}, "api_instrument_transition", own=True, post=True, api=True),
    # steps that need a reason: their own operations, whose body requires it
    "api:order_reject_price": rule(CUSTOMER, "api_order", own=True, post=True, api=True),
    "api:order_cancel": rule(CUSTOMER | {R.CS}, "api_order", own=True, post=True, api=True),
    "api:order_reject_payment": rule({R.BENDAHARA}, "api_order", own=True, post=True, api=True),
    "api:order_return_to_customer": rule({R.CS}, "api_order", own=True, post=True, api=True),
    "api:instrument_return_assignment": rule({R.MT}, "api_instrument", own=True, post=True, api=True),
    # --- pages of the other apps (read from their views; their owners confirm)
    "verify": rule(EVERYONE, "report_token"),  # the short address printed in the report's QR code
    "api:verify": rule(EVERYONE, post=True, api=True),  # the verify page for machines: a file in, no token
    "pki_crl": rule(EVERYONE),  # the demo CA's CRL (certificates/pki.py), public as CRLs are
    "pki_tsa": rule(EVERYONE, post=True),  # the demo RFC 3161 timestamp service
    "catalog:tariff_import": rule({R.ADMIN}),
    "catalog:tariff_import_template": rule({R.ADMIN}),
    "catalog:tariff_import_confirm": rule({R.ADMIN}, post=True),
    "complaints:list": rule(LOGGED_IN),
    "metrology:standards": rule({R.ADMIN, R.PENYELIA, R.MT, R.ANALIS}),
    "notifications:preferences": rule(LOGGED_IN),
    "notifications:mails": rule({R.ADMIN, R.ADMIN_PUSAT}),  # a unit's admin: their unit's mails; central: all
    "notifications:mail_retry": rule({R.ADMIN}, post=True),
    "management:exports": rule({R.KEPALA_BALAI, R.KETUA_PJI, R.MT, R.PENYELIA}),
    "management:export_create": rule({R.KEPALA_BALAI, R.KETUA_PJI, R.MT, R.PENYELIA}, post=True),
    "management:audit_log": rule({R.KEPALA_BALAI, R.KETUA_PJI, R.MT, R.PENYELIA}),
    "certificates:sign_inbox": rule({R.KEPALA_BALAI}),
    "accounts:invite": rule(CUSTOMER, post=True),
    "orders:my_instruments": rule(CUSTOMER),
    "complaints:create": rule(CUSTOMER, "complaint_order", own=True),
    "complaints:detail": rule(LOGGED_IN, "complaint", own=True),
    "complaints:action": rule({R.CS}, "complaint_action", own=True, post=True),
    "results:preview": rule(STAFF, "instrument", own=True, post=True),  # an htmx partial; saves nothing
    "results:attach": rule({R.ANALIS}, "instrument", own=True, post=True),
    "results:withdraw_attachment": rule({R.ANALIS}, "attachment", own=True, post=True),
    "accounts:join": rule(EVERYONE, "invitation_token"),  # an invitation link: anyone holding it (a
    # logged-in person is sent home)
    "accounts:data_request_ask": rule(CUSTOMER, "data_request_kind", post=True),
    # the national roles: the national dashboard (every unit side by side) and any one unit's
    "management:dashboard": rule({R.KEPALA_BALAI, R.KETUA_PJI, R.MT, R.PENYELIA, R.ADMIN_PUSAT, R.PIMPINAN}),
    "management:dashboard_download": rule({R.KEPALA_BALAI, R.KETUA_PJI, R.MT, R.PENYELIA, R.ADMIN_PUSAT,
                                           R.PIMPINAN}),
    "management:export_detail": rule({R.KEPALA_BALAI}, "export", own=True),  # an export is its owner's alone
    "management:export_download": rule({R.KEPALA_BALAI}, "export", own=True),
    "management:table_download": rule({R.KEPALA_BALAI, R.KETUA_PJI, R.MT, R.ADMIN_PUSAT, R.PIMPINAN}, "centre_table"),  # a money table:
    # centre-wide roles only; the other tables also go to a laboratory's supervisor
    "task_backlog": rule({R.ADMIN}),  # Django staff (the admin's role)
}
