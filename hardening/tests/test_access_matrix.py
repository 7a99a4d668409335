"""The access-control matrix: every URL of the project, requested as anonymous, as each of the nine
roles, as a second customer, as the supervisor and analyst of another laboratory and as a member of
staff of another unit for every staff role, against objects they do and do not own, answers as
`hardening/policy.py` declares. Across units: no list, inbox, API answer or register of one unit's
staff names another unit's order; a national role reads both units and acts in none.

Refused → 403/404 (anonymous: a redirect to the login page, or 401 from the API); never a 500; a page
that is not theirs never shows the world's order numbers; a refused POST changes no row.
"""
from __future__ import annotations

import hashlib

import pytest
import weasyprint
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.roles import LAB_ROLES, NATIONAL_ROLES
from demo.road import MINIMAL_PDF
from hardening.policy import ANON, POLICY
from hardening.tests.access_world import FOREIGN, IDENTITIES, OTHER_UNIT_STAFF, ROLE_OF, World
from hardening.urlwalk import project_urls
from twofactor.testing import mark_verified

# Rows a refused request may still touch: sessions, login-lockout bookkeeping, the task queue, and
# "last used" stamps.
UNTRACKED_MODELS = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog",
                    "django_tasks_db.DBTaskResult"}
UNTRACKED_FIELDS = {"last_login", "last_used_at"}
# Form data sent with every refused POST, so that a refusal is not merely "the form was incomplete".
POST_DATA = {"reason": "Uji matriks akses", "note": "Uji matriks akses", "passphrase": "TTE-Demo-2026",
             "code": "123456", "kind": "AMENDMENT", "analyst": "", "points": "1"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = World()
            built.clients = {}
            built.pending_leaks = set()
            for ident, username in IDENTITIES.items():
                client = Client()
                if username:
                    client.force_login(built.users[username])
                    mark_verified(client, built.users[username])
                built.clients[ident] = client
            # Who may download a PDF is decided before it is drawn: answer with a stub instead of
            # laying out the same document for every identity.
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(weasyprint.HTML, "write_pdf", lambda self, *args, **kwargs: MINIMAL_PDF)
                yield built
            transaction.set_rollback(True)


def allowed(rule, ident) -> bool:
    if ident == "anonymous":
        return ANON in rule.who
    if ROLE_OF[ident] not in rule.who:
        return False
    return not (rule.own and ident in FOREIGN)


def request(world, rule, ident, url, method):
    if rule.api:
        token = world.bearer.get(ident)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        client = Client()
        return client.generic(method, url, b"{}", "application/json", **headers) if method == "POST" \
            else client.get(url, **headers)
    client = world.clients[ident]
    return client.post(url, POST_DATA) if method == "POST" else client.get(url)


def to_login(response) -> bool:
    logins = (reverse("accounts:login"), reverse("admin:login"))
    return response.status_code == 302 and response.url.startswith(logins)


def body_text(response) -> str:
    kind = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not kind.startswith(("text/", "application/json")):
        return ""
    return response.content.decode(errors="replace")


def fingerprint() -> dict[str, str]:
    prints = {}
    for model in apps.get_models():
        if model._meta.label in UNTRACKED_MODELS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in UNTRACKED_FIELDS]
        rows = list(model._default_manager.order_by("pk").values_list(*fields))
        prints[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return prints


# Pages where another unit's staff still read the first unit's order numbers, each with its reason; the
# test fails (strict) once a page no longer shows them, so the entry is removed with the fix.
CROSS_UNIT_PENDING: dict[str, str] = {}


def check_get(world, name, rule, url) -> list[str]:
    problems = []
    for ident in IDENTITIES:
        try:
            response = request(world, rule, ident, url, "GET")
        except Exception as exc:  # the test client re-raises what would be a 500
            problems.append(f"{name} GET as {ident}: 500 ({type(exc).__name__}: {exc})")
            continue
        code = response.status_code
        may = allowed(rule, ident)
        if code >= 500:
            problems.append(f"{name} GET as {ident}: {code}")
        elif rule.post:
            pass  # an action: what GET answers is not the access decision; the POST check below is
        elif may and (code in (401, 403, 404) or to_login(response)):
            problems.append(f"{name} GET as {ident}: refused ({code}) but the policy allows it")
        elif not may and not (code in (401, 403, 404) or (ident == "anonymous" and to_login(response))):
            where = f" → {response.url}" if code in (301, 302) else ""
            problems.append(f"{name} GET as {ident}: answered {code}{where} but the policy refuses it")
        foreign_eyes = not may or (ident in FOREIGN and ANON not in rule.who)
        if foreign_eyes:
            leaked = [s for s in world.secrets() if s in body_text(response)]
            if leaked and name in CROSS_UNIT_PENDING and ident in OTHER_UNIT_STAFF:
                world.pending_leaks.add(name)
            elif leaked:
                problems.append(f"{name} GET as {ident}: shows {', '.join(leaked)} which is not theirs")
    return problems


def check_refused_posts(world, name, rule, url) -> list[str]:
    problems = []
    refused = [ident for ident in IDENTITIES if not allowed(rule, ident)]
    before = fingerprint()
    for ident in refused:
        try:
            response = request(world, rule, ident, url, "POST")
        except Exception as exc:
            problems.append(f"{name} POST as {ident}: 500 ({type(exc).__name__}: {exc})")
            continue
        if response.status_code >= 500:
            problems.append(f"{name} POST as {ident}: {response.status_code}")
    after = fingerprint()
    changed = sorted(label for label in before if before[label] != after.get(label) and label not in rule.logs)
    if changed:
        problems.append(f"{name}: a refused POST (as {', '.join(refused)}) changed {', '.join(changed)}")
    return problems


def test_every_url_of_the_project_has_a_policy_entry():
    names = {u.name for u in project_urls()}
    missing = sorted(names - set(POLICY))
    stale = sorted(set(POLICY) - names)
    assert not missing, ("URL names without an entry in hardening/policy.py POLICY (add one line each: "
                         "who may open it, which object, own objects only?): " + ", ".join(missing))
    assert not stale, "POLICY entries for URL names that no longer exist: " + ", ".join(stale)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POLICY))
def test_url_answers_as_the_policy_says(world, name):
    rule = POLICY[name]
    try:
        url = reverse(name, kwargs=world.kwargs(rule.obj))
    except NoReverseMatch:
        pytest.skip(f"{name} is not a URL of the project (see the policy-entry test)")
    problems = check_get(world, name, rule, url)
    if rule.post:
        problems += check_refused_posts(world, name, rule, url)
    assert not problems, "\n".join(problems)
    if name in CROSS_UNIT_PENDING:
        assert name in world.pending_leaks, f"{name} no longer leaks across units: remove it from CROSS_UNIT_PENDING"
        pytest.xfail(CROSS_UNIT_PENDING[name])


# A customer of the same company who is not its owner: the matrix's `pelanggan` is the owner, so the
# role-and-scope table cannot tell them apart. Making oneself owner, removing the owner, revoking or
# sending an invitation must change nothing.
NON_OWNER_POSTS = [
    ("accounts:make_owner", lambda w: {"pk": w.member.pk}),
    ("accounts:remove_member", lambda w: {"pk": w.users["pelanggan"].pk}),
    ("accounts:revoke_invitation", lambda w: {"pk": w.invitation.pk}),
    ("accounts:invite", lambda w: {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, kwargs", NON_OWNER_POSTS, ids=[n for n, _k in NON_OWNER_POSTS])
def test_a_member_who_is_not_the_owner_manages_nothing(world, name, kwargs):
    client = Client()
    client.force_login(world.member)
    mark_verified(client, world.member)
    before = fingerprint()
    response = client.post(reverse(name, kwargs=kwargs(world)), {"email": "teman@example.com"})
    assert response.status_code < 500
    after = fingerprint()
    assert [label for label in before if before[label] != after.get(label)] == []


def with_nul_in_path(url: str) -> str:
    """The URL with %00 in the middle of its last segment: /verify/abcd/ → /verify/ab%00cd/."""
    head, _slash, tail = url.rstrip("/").rpartition("/")
    middle = len(tail) // 2
    return f"{head}/{tail[:middle]}%00{tail[middle:]}" + ("/" if url.endswith("/") and tail else "")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POLICY))
def test_a_nul_in_the_path_the_query_or_a_form_field_is_a_400_for_everyone(world, name):
    """PostgreSQL cannot hold a NUL in text: `/verify/%00` or `?q=%00` used to reach a query and fail
    with a 500. Every URL, as every identity: 400 with a plain message, and a POST changes nothing."""
    rule = POLICY[name]
    try:
        url = reverse(name, kwargs=world.kwargs(rule.obj))
    except NoReverseMatch:
        pytest.skip(f"{name} is not a URL of the project (see the policy-entry test)")
    problems = []
    before = fingerprint() if rule.post else None
    for ident in IDENTITIES:
        tries = [("GET", with_nul_in_path(url)), ("GET", f"{url}?q=a%00b&page=1%00"), ("GET", f"{url}?%00=1")]
        if rule.post and not rule.api:
            tries.append(("POST", url))
        for method, target in tries:
            try:
                if method == "POST":
                    response = world.clients[ident].post(target, {**POST_DATA, "reason": "a\x00b"})
                else:
                    response = request(world, rule, ident, target, "GET")
            except Exception as exc:  # the test client re-raises what would be a 500
                problems.append(f"{method} {target} as {ident}: 500 ({type(exc).__name__}: {exc})")
                continue
            if response.status_code != 400 or "NUL" not in response.content.decode(errors="replace"):
                problems.append(f"{method} {target} as {ident}: {response.status_code}, not 400")
    after = fingerprint() if rule.post else None
    changed = sorted(label for label in before if before[label] != after.get(label)) if rule.post else []
    if changed:
        problems.append(f"{name}: a request with a NUL changed {', '.join(changed)}")
    assert not problems, "\n".join(problems[:20])


# --- units: a unit's staff see their own unit's orders only; the national roles read every unit

UNIT1_STAFF = ["admin", "cs", "ketua_pji", "bendahara", "penyelia", "mt", "analis", "kepala_balai"]
CENTRE_WIDE_U2 = [name for name, role in OTHER_UNIT_STAFF.items() if role not in LAB_ROLES]


def _lists(world, ident) -> dict[str, str]:
    """The lists a member of staff reads: the orders, complaints and certificates lists, each inbox of
    theirs, the API's order list, and (for the dashboard's audience) the order and report registers."""
    from management.access import report_scope
    from management.registers import REGISTERS

    user = world.users[IDENTITIES[ident]]
    client = world.clients[ident]
    pages = {name: client.get(reverse(name)) for name in ("orders:list", "complaints:list")}
    for role in sorted(user.role_codes):
        pages[f"inbox {role}"] = client.get(reverse("workflow:inbox", kwargs={"role": role}))
    pages["api"] = Client().get(reverse("api:list_orders"), HTTP_AUTHORIZATION=f"Bearer {world.bearer[ident]}")
    texts = {}
    for name, response in pages.items():
        assert response.status_code == 200, f"{name} as {ident}: {response.status_code}"
        texts[name] = body_text(response)
    scope = report_scope(user)
    if scope is not None:
        for kind in ("order_register", "report_register"):
            if kind in REGISTERS:
                texts[kind] = repr(list(REGISTERS[kind].rows(scope, {})))
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("ident", sorted(OTHER_UNIT_STAFF))
def test_the_staff_of_another_unit_read_their_units_orders_and_none_of_the_first(world, ident):
    """Their lists, inboxes, API and registers show their own unit's orders (so the filter is not
    "nothing"), never the first unit's; the first unit's orders and instruments are 404 to them."""
    texts = _lists(world, ident)
    for name, text in texts.items():
        leaked = [n for n in world.secrets() if n in text]
        assert not leaked, f"{name} as {ident} shows {leaked} of another unit"
    mine = world.unit2_secrets()
    if ident in CENTRE_WIDE_U2:
        assert all(n in texts["orders:list"] for n in mine), f"{ident} misses their unit's orders"
        assert all(n in texts["api"] for n in mine), f"{ident} misses their unit's orders in the API"
    else:  # a laboratory's staff: the orders with their laboratory's work
        assert world.unit2_orders[-1].number in texts["orders:list"]
    client = world.clients[ident]
    for order in world.orders:
        assert client.get(reverse("orders:detail", kwargs={"pk": order.pk})).status_code == 404
    assert client.get(reverse("orders:instrument", kwargs={"pk": world.instrument.pk})).status_code == 404
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.bearer[ident]}"}
    assert Client().get(reverse("api:get_order", kwargs={"order_id": world.signed.pk}), **headers).status_code == 404
    assert Client().get(reverse("api:get_instrument", kwargs={"instrument_id": world.instrument.pk}),
                        **headers).status_code == 404
    theirs = world.unit2_orders[-1]
    assert client.get(reverse("orders:detail", kwargs={"pk": theirs.pk})).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("ident", UNIT1_STAFF)
def test_the_first_units_staff_see_nothing_of_the_second_unit(world, ident):
    texts = _lists(world, ident)
    for name, text in texts.items():
        leaked = [n for n in world.unit2_secrets() if n in text]
        assert not leaked, f"{name} as {ident} shows {leaked} of another unit"
    client = world.clients[ident]
    for order in world.unit2_orders:
        assert client.get(reverse("orders:detail", kwargs={"pk": order.pk})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(NATIONAL_ROLES))
def test_a_national_role_reads_both_units_and_acts_in_none(world, role):
    from accounts.models import User, UserRole
    from orders.access import visible_instruments, visible_orders
    from workflow.engine import TransitionNotAllowed, authorize
    from workflow.registry import subject_of
    from workflow.table import TRANSITIONS

    user = User.objects.create_user(username=f"nasional-{role.lower()}", email=f"{role.lower()}@kemenperin.go.id",
                                    password="x-Kalibrasi#2026", full_name="Pejabat Kementerian")
    UserRole.objects.create(user=user, role=role)
    user = User.objects.get(pk=user.pk)
    client = Client()
    client.force_login(user)
    mark_verified(client, user)
    both = world.orders + world.unit2_orders
    listed = body_text(client.get(reverse("orders:list")))
    assert all(o.number in listed for o in both if o.number)
    for order in both:
        assert client.get(reverse("orders:detail", kwargs={"pk": order.pk})).status_code == 200
    assert set(visible_orders(user).values_list("pk", flat=True)) >= {o.pk for o in both}
    assert visible_instruments(user).filter(order__unit=world.unit2).exists()
    # no step of the SOP on any order, instrument, billing, report or complaint of either unit
    items = [*both, world.instrument, world.billing, world.report, world.change, world.complaint, world.refund]
    for obj in items:
        subject = subject_of(obj)
        state = subject.state_of(obj)
        codes = {t.code for t in TRANSITIONS if t.subject == subject.name and state in t.sources}
        for code in sorted(codes):
            with pytest.raises(TransitionNotAllowed):
                authorize(obj, code, user)
    before = fingerprint()
    for name, kind in (("certificates:forward", "order"), ("lab:receive", "order"), ("billing:accept", "awaiting"),
                       ("orders:approve_tariff", "draft"), ("complaints:action", "complaint_action")):
        response = client.post(reverse(name, kwargs=world.kwargs(kind)), POST_DATA)
        assert response.status_code < 500, name
    after = fingerprint()
    assert [label for label in before if before[label] != after.get(label)] == []
