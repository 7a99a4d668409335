"""The SOP on a page: state and role names, SLA clocks and the office time a step took. A builtin of
every template (settings.TEMPLATES). Each tag returns its HTML directly (no sub-template per row) and
looks its words up in a table made once per language, not by translating every choice on each call."""
from functools import lru_cache

from django import template
from core.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import ngettext as django_ngettext

from core.formatting import days as day_count

register = template.Library()


# An inbox writes a clock per row, each with three to five translated words: looked up once per language
# (and count, for the plural forms), not translated again on every row. Translations are fixed while a
# process runs (compilemessages needs a restart), so the tables never go stale.
@lru_cache(maxsize=4096)
def _translated(language: str, message: str) -> str:
    return gettext(message)


@lru_cache(maxsize=4096)
def _translated_n(language: str, singular: str, plural: str, count: int) -> str:
    return django_ngettext(singular, plural, count)


def _(message: str) -> str:
    return _translated(get_language(), message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translated_n(get_language(), singular, plural, count)

_STATE_NAMES: dict[tuple[str, str], dict[str, str]] = {}
_ROLE_NAMES: dict[str, dict[str, str]] = {}


def _states_of(subject: str):
    try:
        from workflow import registry

        return registry.subject(subject).states
    except (ImportError, KeyError):
        from workflow.states import STATES_BY_SUBJECT

        return STATES_BY_SUBJECT[subject]


def state_name(subject: str, state: str) -> str:
    """The name of `state` of a `subject` in the active language; the code itself only when unknown."""
    language = get_language()
    names = _STATE_NAMES.get((subject, language))
    if names is None:
        try:
            choices = _states_of(subject).choices
        except KeyError:
            return state
        names = _STATE_NAMES[(subject, language)] = {value: str(label) for value, label in choices}
    return names.get(state, state)


@register.simple_tag
def state_label(subject, state):
    return state_name(subject, state)


@register.filter
def order_state(state) -> str:
    """An order's state name: `{{ order.state|order_state }}` (what get_state_display shows, looked up)."""
    return state_name("order", state)


@register.filter
def instrument_state(state) -> str:
    return state_name("instrument", state)


def role_name(role) -> str:
    """A role's name in the active language; the automatic actor (SYSTEM) is 'Sistem', never the code."""
    from accounts.roles import SYSTEM, Role

    language = get_language()
    names = _ROLE_NAMES.get(language)
    if names is None:
        names = _ROLE_NAMES[language] = {value: str(label) for value, label in Role.choices}
    if role == SYSTEM:
        return _("Sistem")
    if role in names:
        return names[role]
    return "" if not role else _("Sistem")


@register.simple_tag
def state_role(role):
    return role_name(role)


def _duration(seconds: float, language: str | None = None) -> str:
    language = language or get_language()
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_translated_n(language, "%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours:
        parts.append(_translated_n(language, "%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if not days and (mins or not parts):
        parts.append(_translated_n(language, "%(n)d menit", "%(n)d menit", mins) % {"n": mins})
    return " ".join(parts)


def clock_parts(clock, language: str | None = None) -> tuple[str, str]:
    """(text, css class) of an SLA clock: office time left to the step's norm, or past it. `language`: the
    active one, when the caller looked it up already (a page of many clocks)."""
    language = language or get_language()

    def _(message: str) -> str:
        return _translated(language, message)

    if clock is None or clock.due_at is None:
        return _("tanpa batas waktu"), "clock-none"
    left = clock.office_minutes_left
    if left is None:
        left = clock.seconds_left / 60
    per_day = clock.calendar.minutes_per_day if clock.calendar else 510
    if clock.row.norm_working_days is not None:
        amount = _("%(d)s hari kerja") % {"d": day_count(abs(left) / per_day, language=language)}
    else:
        amount = _("%(d)s kerja") % {"d": _duration(left * 60, language)}
    if clock.overdue:
        return _("terlambat %(d)s") % {"d": amount}, "clock-overdue"
    return _("sisa %(d)s") % {"d": amount}, "clock-soon" if left < 5 else "clock-ok"


@register.simple_tag
def sla_clock(clock, dates=None, language: str | None = None):
    """The clock as a badge, with the due moment in the tooltip (`dates`: a page's core Dates; `language`:
    the active one, when the caller looked it up already)."""
    from core.templatetags.sippt import Dates

    language = language or get_language()
    text, css = clock_parts(clock, language)
    if clock is not None and clock.due_at is not None:
        return format_html('<span class="clock {}" title="{}: {}">{}</span>', css, _translated(language, "Batas"),
                           (dates or Dates()).moment(clock.due_at), text)
    return format_html('<span class="clock {}" title="">{}</span>', css, text)


@register.simple_tag
def took(step_time):
    """'12 menit kerja (norma 10)' for a measured step, marked when over its norm."""
    if step_time is None:
        return ""
    language = get_language()  # once: each look-up of the active language is a context-local read

    def _(message):
        return _translated(language, message)

    if step_time.norm_working_days is not None:
        text = _("%(d)s hari kerja (norma %(n)s)") % {"d": day_count(step_time.working_days, language=language),
                                                       "n": step_time.norm_working_days}
    elif step_time.norm_minutes is not None:
        text = _("%(d)s kerja (norma %(n)s menit)") % {"d": _duration(step_time.minutes * 60, language),
                                                       "n": step_time.norm_minutes}
    else:
        text = _("%(d)s kerja") % {"d": _duration(step_time.minutes * 60, language)}
    ok = step_time.within_norm
    css = "clock-none" if ok is None else "clock-ok" if ok else "clock-overdue"
    suffix = " · " + _("langkah pelanggan") if step_time.customer_step else ""
    return format_html('<span class="clock {}">{}{}</span>', css, text, suffix)
