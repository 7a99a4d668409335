"""Formatting used on every page: Rupiah, Indonesian dates, SLA clocks, state names."""
from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 -> 'Rp 1.250.000'."""
    if value is None or value == "":
        return "—"
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


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
    if clock is None or clock.due_at is None:
        return {"clock": clock, "text": _("tanpa batas waktu"), "css": "clock-none"}
    left = clock.seconds_left
    if left < 0:
        return {"clock": clock, "text": _("terlambat %(d)s") % {"d": _duration(left)}, "css": "clock-overdue"}
    return {"clock": clock, "text": _("sisa %(d)s") % {"d": _duration(left)},
            "css": "clock-soon" if left < 3600 else "clock-ok"}


@register.simple_tag
def state_label(subject, state):
    from workflow.states import STATES_BY_SUBJECT

    try:
        return STATES_BY_SUBJECT[subject](state).label
    except (KeyError, ValueError):
        return state


@register.simple_tag
def state_role(role):
    from accounts.roles import Role

    try:
        return Role(role).label
    except ValueError:
        return role
