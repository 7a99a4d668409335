"""Generating a realistic data set of N orders straight into the database (see builder.OrderStory)."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import Company, User, UserRole
from units.current import default_unit
from accounts.roles import Role
from accounts.seed import DEMO_PASSWORD, seed_accounts
from billing.models import Billing, BillingLine, Payment, PaymentProof, RefundRequest
from catalog.models import InstrumentType
from catalog.seed import seed_catalog
from certificates.models import Report
from demo.road import MINIMAL_PDF
from datagen import plan
from datagen.builder import PROOF_NAME, OrderStory
from datagen.store import Keys, Numbers, Rows, new, reset_sequences
from lab.models import Parameter, Reception
from orders.models import Instrument, Order
from results.models import CalibrationPoint, ResultSheet
from survey.models import SurveyResponse
from workflow.clock import due_for
from workflow.models import AuditEntry
from workflow.registry import SUBJECTS
from workflow.states import ORDER_FINAL_STATES
from workflow.worktime import OfficeCalendar, UnitCalendars, office_calendar

INSERT_ORDER = [Company, User, UserRole, Order, Instrument, Parameter, Reception, Billing, BillingLine, PaymentProof,
                Payment, RefundRequest, ResultSheet, CalibrationPoint, Report, SurveyResponse, AuditEntry]
ORDERS_PER_FLUSH = 2000
CITIES = ["Palembang", "Jambi", "Bengkulu", "Lampung", "Pangkalpinang", "Padang", "Pekanbaru", "Medan"]
KINDS = ["PT", "CV", "PT", "Laboratorium", "RSUD"]
WORDS = ["Sinar", "Mitra", "Karya", "Prima", "Nusa", "Sriwijaya", "Andalas", "Musi", "Bukit", "Jaya", "Makmur",
         "Sejahtera", "Teknik", "Presisi", "Agro", "Sawit", "Kimia", "Pangan", "Energi", "Semen"]


@dataclass
class Context:
    """What every order story shares."""

    rng: random.Random
    rows: Rows
    numbers: Numbers
    staff: plan.Staff
    now: datetime
    priced_types: list = field(default_factory=list)
    parameter_names: dict = field(default_factory=dict)
    type_names: dict = field(default_factory=dict)
    tariff_codes: dict = field(default_factory=dict)
    instrument_counts: list = field(default_factory=lambda: list(plan.INSTRUMENT_COUNTS))
    satker: str = ""
    account_code: str = ""
    proof_size: int = 0
    calendar: OfficeCalendar | None = None  # the default unit's calendar: for what belongs to no order
    calendars: UnitCalendars = field(default_factory=UnitCalendars)  # each unit's: its items' clocks
    subjects: dict = field(default_factory=dict)  # model class -> its registered subject (workflow.registry)
    unit_id: int | None = None  # the unit (satker) the orders belong to: the installation's default
    lab_of: dict = field(default_factory=dict)  # instrument type id -> the unit's laboratory (other units)


def _catalogue(ctx: Context) -> None:
    for itype in InstrumentType.objects.filter(active=True).select_related("laboratory"):
        tariff = itype.current_tariff()
        if tariff is None or itype.laboratory_id not in ctx.staff.supervisors \
                or itype.laboratory_id not in ctx.staff.analysts:
            continue
        ctx.priced_types.append((itype, tariff))
        ctx.parameter_names[itype.pk] = itype.parameter_names
        ctx.type_names[itype.pk] = str(itype)
        ctx.tariff_codes[tariff.pk] = tariff.code
    if not ctx.priced_types:
        raise ValueError("no active instrument type with a tariff and a laboratory with supervisor and analyst")


def _proof_file() -> int:
    if not default_storage.exists(PROOF_NAME):
        default_storage.save(PROOF_NAME, ContentFile(MINIMAL_PDF))
    return len(MINIMAL_PDF)


def _customers(ctx: Context, count: int) -> list[tuple[Company, User]]:
    """`count` new companies with one customer account each (the demo password)."""
    password, made = make_password(DEMO_PASSWORD), []
    rng = ctx.rng
    for _n in range(count):
        company = ctx.rows.add(new(Company,
            name=f"{rng.choice(KINDS)} {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(CITIES)}",
            npwp=f"{rng.randint(10**14, 10**15 - 1)}000"[:16], address=f"Jl. Industri No. {rng.randint(1, 300)}, "
                                                                        f"{rng.choice(CITIES)}"))
        user = ctx.rows.add(new(User, password=password, full_name=f"Pelanggan {company.pk}",
                                 email=f"pelanggan{company.pk}@gen.sippt.local", email_verified=True,
                                 nik=str(rng.randint(10**15, 10**16 - 1)), company_id=company.pk, is_active=True))
        user.username = f"gen_pelanggan{user.pk}"
        ctx.rows.add(new(UserRole, user_id=user.pk, role=Role.PELANGGAN))
        made.append((company, user))
    return made


def _subjects() -> dict:
    return {subject.model_class(): subject for subject in SUBJECTS.values()}


def stamp_due(ctx: Context) -> None:
    """`due_at` of every item with a clock about to be written, as the engine writes it when the item
    enters its state: the deadline of the step it waits in (None in a state without a norm), on the
    calendar of the item's unit (its order's; the default unit's for an item of no order)."""
    pending = {(model, obj.pk): obj for model, objs in ctx.rows.pending.items() for obj in objs}
    for model, objs in ctx.rows.pending.items():
        subject = ctx.subjects.get(model)
        if subject is None or not subject.clock:
            continue
        name, field_name, path = subject.name, subject.state_field, subject.unit_path()
        for obj in objs:
            values = obj.__dict__
            unit_id = _pending_unit(pending, model, obj, path)
            calendar = ctx.calendar if unit_id is None else ctx.calendars[unit_id]
            values["due_at"] = due_for(calendar, name, values[field_name], values["state_entered_at"])


def _pending_unit(pending: dict, model, obj, path: str | None) -> int | None:
    """The unit id at the end of `path` ("order__unit") from `obj`, through the rows about to be written
    (an order's items are written with it)."""
    if not path:
        return None
    *hops, last = path.split("__")
    for hop in hops:
        related_id = obj.__dict__.get(f"{hop}_id")
        model = model._meta.get_field(hop).related_model
        obj = pending.get((model, related_id))
        if obj is None:
            return None
    return obj.__dict__.get(f"{last}_id")


def _flush(ctx: Context) -> None:
    stamp_due(ctx)
    ctx.rows.flush()


def _start_of(ctx: Context, target: str, first_day: datetime) -> datetime:
    """When an order reaching `target` was made: finished ones over the whole period, open ones lately."""
    now = ctx.now
    if target in ORDER_FINAL_STATES:
        span = (now - timedelta(days=20) - first_day).total_seconds()
        return first_day + timedelta(seconds=ctx.rng.uniform(0, max(span, 0)))
    if target == "BILLING_EXPIRED":  # the 7-day billing has run out
        return now - timedelta(days=ctx.rng.uniform(8, 20))
    return now - timedelta(days=ctx.rng.uniform(0.2, 6))


def _use(ctx: Context, unit_plan, default: bool) -> None:
    """The next orders belong to `unit_plan`'s unit: its staff, offered types, laboratories and numbers."""
    ctx.unit_id, ctx.staff, ctx.priced_types = unit_plan.unit.pk, unit_plan.staff, unit_plan.priced_types
    ctx.lab_of = unit_plan.lab_of
    ctx.satker = settings.BALAI_SATKER_CODE if default else unit_plan.unit.satker_code
    ctx.numbers.unit = None if default else unit_plan.unit


def generate(orders: int, seed: int = 2026, years: float = 2.0, log=print, instrument_counts=None,
             companies=None, demo_share=plan.DEMO_CUSTOMER_SHARE, only_states=None, units: int = 1) -> dict[str, int]:
    """Add `orders` orders (and the customers, documents and audit trail they need); returns row counts.
    `instrument_counts` (a list to draw from), `companies` (how many to make) and `demo_share` (each demo
    customer's share of the orders) shape small test sets; `only_states` limits the orders' end states;
    `units` spreads the orders over that many units in turn (datagen.units)."""
    if units < 1:
        raise ValueError("--units must be at least 1")
    began = time.monotonic()
    seed_catalog()
    demo_users = seed_accounts()
    keys = Keys()
    rows = Rows(keys, INSERT_ORDER)
    ctx = Context(rng=random.Random(seed), rows=rows, numbers=Numbers(), staff=plan.Staff.load(), now=timezone.now(),
                  satker=settings.BALAI_SATKER_CODE, account_code=settings.PNBP_ACCOUNT_CODE, proof_size=_proof_file(),
                  calendar=office_calendar(), subjects=_subjects(), unit_id=default_unit().pk)
    if instrument_counts:
        ctx.instrument_counts = list(instrument_counts)
    _catalogue(ctx)
    plans = []
    if units > 1:
        from datagen.units import UnitPlan, current_tariffs, unit_plans

        default = UnitPlan(default_unit(), ctx.staff, ctx.priced_types)
        plans = unit_plans(units, default, current_tariffs(ctx.priced_types))
        log(f"units: {', '.join(p.unit.code for p in plans)}")
    first_day = ctx.now - timedelta(days=365 * years)
    customers = _customers(ctx, companies or max(1, orders // plan.ORDERS_PER_COMPANY))
    _flush(ctx)
    demo_customers = [(u.company, u) for u in (demo_users["pelanggan"], demo_users["pelanggan2"])]
    if only_states:
        targets = [ctx.rng.choice(list(only_states)) for _n in range(orders)]
    else:
        targets = plan.every_state_first(orders, ctx.rng)
    for n, target in enumerate(targets, 1):
        if ctx.rng.random() < demo_share * len(demo_customers):
            company, customer = ctx.rng.choice(demo_customers)
        else:
            company, customer = ctx.rng.choice(customers)
        if plans:
            _use(ctx, plans[(n - 1) % len(plans)], default=(n - 1) % len(plans) == 0)
        OrderStory(ctx, company, customer, target, _start_of(ctx, target, first_day)).build()
        if n % ORDERS_PER_FLUSH == 0 or n == len(targets):
            _flush(ctx)
            log(f"{n} orders ({time.monotonic() - began:.0f} s)")
    ctx.numbers.save()
    reset_sequences(keys.models)
    return dict(rows.written)
