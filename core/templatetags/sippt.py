"""Formatting used on every page: Rupiah, quantities, dates in the reader's language. (The SOP's states,
roles and clocks are workflow's: workflow/templatetags/sop.py.)"""
from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language

register = template.Library()

_MONTH_NAMES: dict[str, list[str]] = {}


def _months() -> list[str]:
    """The months' names in the active language ("" first), translated once per language and process."""
    language = get_language()
    names = _MONTH_NAMES.get(language)
    if names is None:
        names = _MONTH_NAMES[language] = [""] + [str(MONTHS[i]) for i in range(1, 13)]
    return names


class Dates:
    """`tanggal` and `waktu` for the many rows of one page: the reader's zone and the month names are
    looked up once (each lookup of the active zone or language is a context-local read)."""

    __slots__ = ("zone", "months")

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.months = _months()

    def date(self, value) -> str:
        if not value:
            return "—"
        if getattr(value, "tzinfo", None) is not None:
            value = value.astimezone(self.zone)
        return f"{value.day} {self.months[value.month]} {value.year:04d}"  # Django's "j F Y"

    def moment(self, value) -> str:
        if not value:
            return "—"
        value = value.astimezone(self.zone)
        return f"{value.day} {self.months[value.month]} {value.year:04d} {value.hour:02d}:{value.minute:02d}"

    def zoned_moment(self, value) -> str:
        if not value:
            return "—"
        return f"{self.moment(value)} {value.astimezone(self.zone).tzname()}"


@register.filter
def rupiah(value) -> str:
    """1250000 -> 'Rp 1.250.000'."""
    from core.formatting import rupiah as written

    return written(value)


@register.filter
def angka(value, places=None) -> str:
    """A quantity in the reader's language: '5000.03' -> '5.000,03' (Indonesian) / '5,000.03' (English);
    `places` fixes the decimals. Empty stays empty."""
    from core.formatting import quantity

    if value is None or value == "":
        return ""
    return quantity(value, None if places in (None, "") else int(places))


@register.filter
def pembacaan(values) -> str:
    """Repeat readings, each written as a quantity, separated by semicolons."""
    from core.formatting import readings

    return readings(values)


@register.filter
def tanggal(value) -> str:
    """A date as '24 November 2026' (month names in the active language)."""
    return Dates().date(value)


@register.filter
def waktu(value) -> str:
    """A moment as '24 November 2026 14:05' in the reader's unit's time."""
    return Dates().moment(value)


@register.filter
def waktu_zona(value) -> str:
    """A moment with its zone, as a document writes it: '24 November 2026 14:05 WIT'."""
    return Dates().zoned_moment(value)


@register.filter
def link(pk, parts) -> str:
    """The URL of the object with id `pk`: `{{ order.pk|link:order_link }}` where the view gave
    order_link = core.paths.link_of("orders:detail") (one reverse per page instead of one per row)."""
    from core.paths import link as join

    return join(pk, parts)


@register.simple_tag(takes_context=True)
def page_link(context, number) -> str:
    """'?…&page=N': this page's query (its filters and search) with another page number, for the one
    pagination of every list (templates/core/pagination.html)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
