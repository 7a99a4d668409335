"""The subjects the SOP engine moves, and their rows, registered by the apps that own them.

Each app describes its lifecycles in its own `workflow.py` and registers them from its
`AppConfig.ready()`: a `Subject` (which model, which field holds the state, how to reach the order or
the account it belongs to, who may act on one, which items wait in an inbox) with its table rows and
the labels of the audit codes it writes that are not transitions. The SOP table is the union of every
app's rows. The engine, the inboxes, the timeline and `manage.py sop` read only this registry: they
know no subject by name and import no app above them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from workflow.table import Transition


@dataclass(frozen=True)
class Subject:
    name: str  # "order"; the first part of every code of its rows ("order.validate")
    model: str  # "orders.Order"
    states: type  # its TextChoices
    label_id: str
    label_en: str
    state_field: str = "state"
    # ORM path from an item to the order it belongs to ("" for the order itself; None: not an order's)
    order_path: str | None = None
    # ORM path from an item to the account (user) it belongs to, for subjects of an account
    account_path: str | None = None
    scope: str | None = None  # dotted path of (user, role, obj) -> bool: may `user` in `role` act on it
    inbox: str | None = None  # dotted path of (user, role, states) -> queryset or None
    clock: bool = True  # the model keeps state_entered_at and due_at, written by the engine
    audit_fk: str | None = None  # the audit entry's own foreign key to such an item, if it has one
    instrument_path: str | None = None  # ORM path to the instrument it is about (a report), for the timeline
    # whether the customer sees its history on the order's timeline (a centre's internal decision: no)
    customer_timeline: bool = True
    final_states: tuple[str, ...] = field(default_factory=tuple)
    # The columns an inbox row shows (with the state and clock fields, added by the inbox): read with
    # `.only()`, so a row of a wide model costs what it shows. Empty: every column.
    inbox_columns: tuple[str, ...] = field(default_factory=tuple)

    def model_class(self):
        from django.apps import apps

        return apps.get_model(self.model)

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def order_id_of(self, obj) -> int | None:
        """The id of the order `obj` belongs to, read through loaded attributes (no query when the
        path's objects are already on `obj`, as they are after the services lock them)."""
        return _id_through(obj, self.order_path)

    def instrument_id_of(self, obj) -> int | None:
        return _id_through(obj, self.instrument_path)

    def unit_id_of(self, obj) -> int | None:
        """The id of the unit `obj` belongs to, through its order (None for a subject of no order, or an
        order not yet given one), read through loaded attributes as `order_id_of`."""
        path = self.unit_path()
        return None if path is None else _id_through(obj, path)

    def account_id_of(self, obj) -> int | None:
        return _id_through(obj, self.account_path)

    def unit_path(self) -> str | None:
        """ORM path from an item to the unit (satker) it belongs to, through its order ("unit" for the
        order itself); None for a subject that belongs to no order (an account: customers are national)."""
        if self.order_path is None:
            return None
        return f"{self.order_path}__unit" if self.order_path else "unit"

    def scope_rule(self) -> Callable | None:
        return import_string(self.scope) if self.scope else None

    def inbox_queryset(self, user, role: str, states: list[str]):
        return import_string(self.inbox)(user, role, states) if self.inbox else None

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state


def _id_through(obj, path: str | None) -> int | None:
    if path is None:
        return None
    if path == "":
        return obj.pk
    *parents, last = path.split("__")
    for name in parents:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


SUBJECTS: dict[str, Subject] = {}
ROWS: list[Transition] = []  # the SOP table: every app's rows, in the order the apps registered them
LABELS: dict[str, tuple[str, str]] = {}  # audit codes that are not transitions: (Indonesian, English)
_BY_CODE: dict[str, list[Transition]] = {}


def register(subject: Subject | None = None, rows=(), labels: dict[str, tuple[str, str]] | None = None) -> None:
    """Called from an app's ready(): its subject (once), the rows of that subject's lifecycle, and the
    labels of its other audit codes. Registering the same subject again (a test reloading apps) is a
    no-op; two apps claiming one name or one code for different rows is an error."""
    if subject is not None:
        known = SUBJECTS.get(subject.name)
        if known is not None:
            if known != subject:
                raise ValueError(f"subject {subject.name} registered twice")
            return
        SUBJECTS[subject.name] = subject
    for row in rows:
        if row.subject not in SUBJECTS:
            raise ValueError(f"row {row.code} of unregistered subject {row.subject}")
        if not row.code.startswith(f"{row.subject}."):
            raise ValueError(f"row {row.code} must start with its subject's name")
        ROWS.append(row)
        _BY_CODE.setdefault(row.code, []).append(row)
    for code, names in (labels or {}).items():
        if code in LABELS and LABELS[code] != names:
            raise ValueError(f"audit code {code} labelled twice")
        LABELS[code] = names


def subject(name: str) -> Subject:
    return SUBJECTS[name]


def subject_of(obj) -> Subject | None:
    """The registered subject whose model `obj` is an instance of."""
    label = obj._meta.label
    return next((s for s in SUBJECTS.values() if s.model == label), None)


def unit_q(subject_name: str, unit_ids):
    """The filter on the subject's model keeping the items of the units `unit_ids` (a unit's staff see
    only their unit's orders). A subject with no order has no unit: asking for one is a mistake."""
    from django.db.models import Q

    from units.current import covers_every_unit

    path = SUBJECTS[subject_name].unit_path()
    if path is None:
        raise ValueError(f"subject {subject_name} belongs to no order, hence to no unit")
    if covers_every_unit(unit_ids):
        return Q()  # every unit: no filter, and no join to the order for it
    return Q(**{f"{path}__in": list(unit_ids)})


def rows_for(code: str) -> list[Transition]:
    return _BY_CODE.get(code, [])


def label_of(code: str, english: bool) -> str:
    """The words for an audit code: its row's name, or its registered label; the code itself only for
    a code nobody registered (a test fails on those)."""
    rows = _BY_CODE.get(code)
    if rows:
        return rows[0].name_en if english else rows[0].name_id
    names = LABELS.get(code)
    return (names[1] if english else names[0]) if names else code
