"""Formatting used on every page: Rupiah, Indonesian dates, SLA clocks, state names."""
from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import days as day_count

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 -> 'Rp 1.250.000'."""
    from core.formatting import money

    if value is None or value == "":
        return "—"
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    return money(amount)


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
    if not value:
        return "—"
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y")


@register.filter
def waktu(value) -> str:
    """A moment as '24 November 2026 14:05' in Asia/Jakarta time."""
    if not value:
        return "—"
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def _duration(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if not days and (mins or not parts):
        parts.append(ngettext("%(n)d menit", "%(n)d menit", mins) % {"n": mins})
    return " ".join(parts)


@register.inclusion_tag("core/clock.html")
def sla_clock(clock):
    """Office time left to the step's norm (or past it), with the due moment in the tooltip."""
    if clock is None or clock.due_at is None:
        return {"clock": clock, "text": _("tanpa batas waktu"), "css": "clock-none"}
    left = clock.office_minutes_left
    if left is None:
        left = clock.seconds_left / 60
    per_day = clock.calendar.minutes_per_day if clock.calendar else 510
    if clock.row.norm_working_days is not None:
        days = abs(left) / per_day
        amount = _("%(d)s hari kerja") % {"d": day_count(days)}
    else:
        amount = _("%(d)s kerja") % {"d": _duration(left * 60)}
    if clock.overdue:
        return {"clock": clock, "text": _("terlambat %(d)s") % {"d": amount}, "css": "clock-overdue"}
    return {"clock": clock, "text": _("sisa %(d)s") % {"d": amount}, "css": "clock-soon" if left < 5 else "clock-ok"}


@register.simple_tag
def state_label(subject, state):
    from workflow.states import STATES_BY_SUBJECT

    try:
        return STATES_BY_SUBJECT[subject](state).label
    except (KeyError, ValueError):
        return state


@register.simple_tag
def state_role(role):
    """A role's name in the active language; the automatic actor (SYSTEM) is 'Sistem', never the code."""
    from accounts.roles import SYSTEM, Role

    if role == SYSTEM:
        return _("Sistem")
    try:
        return Role(role).label
    except ValueError:
        return "" if not role else _("Sistem")


@register.simple_tag
def took(step_time):
    """'12 menit kerja (norma 10)' for a measured step, marked when over its norm."""
    from django.utils.html import format_html

    if step_time is None:
        return ""
    if step_time.norm_working_days is not None:
        text = _("%(d)s hari kerja (norma %(n)s)") % {"d": day_count(step_time.working_days),
                                                       "n": step_time.norm_working_days}
    elif step_time.norm_minutes is not None:
        text = _("%(d)s kerja (norma %(n)s menit)") % {"d": _duration(step_time.minutes * 60), "n": step_time.norm_minutes}
    else:
        text = _("%(d)s kerja") % {"d": _duration(step_time.minutes * 60)}
    ok = step_time.within_norm
    css = "clock-none" if ok is None else "clock-ok" if ok else "clock-overdue"
    suffix = " · " + _("langkah pelanggan") if step_time.customer_step else ""
    return format_html('<span class="clock {}">{}{}</span>', css, text, suffix)


@register.simple_tag(takes_context=True)
def page_link(context, number) -> str:
    """'?…&page=N': this page's query (its filters and search) with another page number, for the one
    pagination of every list (templates/core/pagination.html)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
