"""What the order page reads, by SQL compiled once per process (core.prepared) once the reader's scope
is checked (orders.access).

With the order itself, in its one query: its one-to-one documents (the reception receipt, the survey
response, the hand-over record, each with the name of who it names) and whether it has any report or
complaint at all (an order that has none needs no query for them). A page shown again after a refused
form gets its order from elsewhere: each part is then read when a panel first asks for it, as before.
Then its instruments with their parameters and people's names, and its quotations; the links to its
documents; the empty forms whose fields never change, rendered once per process and language."""
from __future__ import annotations

from functools import lru_cache

from django.db.models import Exists, OuterRef

from accounts.names import NAME_FIELDS

# (the order's reverse one-to-one, the account it names): the documents read with the order
DOCUMENTS = (("reception", "received_by"), ("survey_response", "respondent"), ("handover", "handed_over_by"))


def _fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]


def _order(pk):
    from certificates.models import Report
    from complaints.models import Complaint
    from orders.models import Order

    only = [*_fields(Order), *(f"created_by__{name}" for name in NAME_FIELDS)]
    related = ["company", "created_by"]
    for relation, person in DOCUMENTS:
        model = Order._meta.get_field(relation).related_model
        only += [f"{relation}__{name}" for name in _fields(model)]
        only += [f"{relation}__{person}__{name}" for name in NAME_FIELDS]
        related.append(f"{relation}__{person}")
    return (Order.objects.filter(pk=pk).select_related(*related).only(*only)
            .annotate(has_reports=Exists(Report.objects.filter(order_id=OuterRef("pk"))),
                      has_complaints=Exists(Complaint.objects.filter(order_id=OuterRef("pk")))))


def order_for_page(user, pk):
    """The order `pk` if `user` sees it (orders.access.visible_orders; else Order.DoesNotExist), with its
    company, the name of who made it, its documents and its `has_reports`/`has_complaints` flags. The
    reader's scope is asked first; the order itself is then read by SQL compiled once per process."""
    from orders.access import visible_orders
    from orders.models import Order

    if not visible_orders(user).filter(pk=pk).exists():
        raise Order.DoesNotExist
    found = _query("order")(pk)
    if not found:
        raise Order.DoesNotExist
    return found[0]


_MISSING = object()


def read_with_order(order, relation):
    """The order's document `relation` when it was read with the order (None: it has none), else _MISSING."""
    from orders.models import Order

    descriptor = getattr(Order, relation)
    if not descriptor.is_cached(order):
        return _MISSING
    return descriptor.related.get_cached_value(order)


def document(order, relation, read):
    """The order's document `relation`: the one read with the order, or `read()` when it was not."""
    found = read_with_order(order, relation)
    return read() if found is _MISSING else found


def _instruments(money: bool):
    def build(order_id):
        from accounts.names import with_names
        from orders.models import Instrument

        # Ordered here by position: the Meta ordering begins with the order, which would join it to sort.
        related = ["instrument_type", "laboratory", *(["tariff__regulation"] if money else [])]
        return with_names(Instrument.objects.filter(order_id=order_id).select_related(*related), "supervisor") \
            .order_by("position", "id")
    return build


def _parameters(order_id):
    from accounts.names import with_names
    from lab.models import Parameter

    return with_names(Parameter.objects.filter(instrument__order_id=order_id), "analyst").order_by("id")


def _quotations(order_id):
    from quotations.models import Quotation

    return Quotation.objects.filter(order_id=order_id).values_list("pk", "number", "issued_at", "total")


_QUERIES: dict = {}


def _query(name):
    """The page's prepared query `name` (made on first use: the models are loaded by then)."""
    if not _QUERIES:
        from core.prepared import Prepared

        _QUERIES.update({"money instruments": Prepared(_instruments(True)),
                         "instruments": Prepared(_instruments(False)), "parameters": Prepared(_parameters),
                         "quotations": Prepared(_quotations), "order": Prepared(_order)})
    return _QUERIES[name]


def quotations_of(order) -> list[dict]:
    """What the list of the order's quotations shows of each (not the frozen lines of its PDF), newest
    first (their Meta ordering)."""
    return [{"pk": pk, "number": number, "issued_at": issued_at, "total": total}
            for pk, number, issued_at, total in _query("quotations")(order.pk)]



def instruments_of(order, money: bool):
    """Every instrument of `order` in position order, each with its type, laboratory, tariff and its
    regulation (for who sees money), its order (the page's) and its parameters, and the name of every
    supervisor and analyst they name: (instruments, names). Two queries, compiled once per process."""
    from django.db.models import QuerySet

    from lab.models import Parameter
    from orders.models import Instrument

    instruments = _query("money instruments" if money else "instruments")(order.pk)
    names, by_pk, parameters = {}, {}, {}
    order_field, instrument_field = Instrument._meta.get_field("order"), Parameter._meta.get_field("instrument")
    for inst in instruments:
        order_field.set_cached_value(inst, order)
        by_pk[inst.pk] = inst
        parameters[inst.pk] = []
        if inst.supervisor_id is not None:
            names[inst.supervisor_id] = str(inst.supervisor)
    for parameter in _query("parameters")(order.pk):
        inst = by_pk[parameter.instrument_id]
        instrument_field.set_cached_value(parameter, inst)
        parameters[inst.pk].append(parameter)
        if parameter.analyst_id is not None:
            names[parameter.analyst_id] = str(parameter.analyst)
    cache_name = instrument_field.remote_field.get_accessor_name()  # the reverse manager's cache
    for inst in instruments:  # as prefetch_related leaves them: inst.parameters.all() reads no more
        done = QuerySet(Parameter)
        done._result_cache, done._prefetch_done = parameters[inst.pk], True
        inst._prefetched_objects_cache = {cache_name: done}
    return instruments, names


_EMPTY_FIELDS: dict = {}


def empty_form_fields(form_class, auto_id: str):
    """core/form_fields.html of an empty `form_class(auto_id=auto_id)`, rendered once per process and
    language: only for forms whose fields never change (labels and choices fixed in code)."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    key = (form_class, auto_id, get_language())
    html = _EMPTY_FIELDS.get(key)
    if html is None:
        html = _EMPTY_FIELDS[key] = render_to_string("core/form_fields.html", {"form": form_class(auto_id=auto_id)})
    return html


class OrderLinks:
    """The order page's links to the order's documents and forms, each joined from its URL's halves
    (core.paths: one `reverse` per process, not one per page): `{{ order_links.receipt_pdf }}`."""

    NAMES = {"receipt_pdf": "lab:receipt_pdf", "labels_pdf": "lab:labels_pdf", "handover_pdf": "survey:handover_pdf",
             "handover_create": "survey:handover_create", "create_complaint": "complaints:create"}
    PLAIN = {"ikm": "survey:ikm"}  # pages of no object

    def __init__(self, pk):
        self.pk = pk

    def __getitem__(self, name) -> str:
        from django.urls import get_script_prefix, get_urlconf

        from core.paths import link, link_of

        if name in self.PLAIN:
            return _plain_link(get_script_prefix(), get_urlconf(), self.PLAIN[name])
        return link(self.pk, link_of(self.NAMES[name]))


@lru_cache(maxsize=16)
def _plain_link(prefix, urlconf, name: str) -> str:
    from django.urls import reverse

    return reverse(name, urlconf=urlconf)
