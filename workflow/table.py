"""The SOP as data: one row per SOP step and one per branch the SOP implies, for every lifecycle.

Each app writes the rows of its own subjects (`accounts/workflow.py`, `orders/workflow.py`, ...) and
registers them from its AppConfig.ready() (`workflow.registry`); `TRANSITIONS` is their union.
Permissions, inboxes, SLA clocks, the timeline, notifications and `manage.py sop` all read this
table. No other module decides which state may follow which.
"""
from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import SYSTEM, Role
from workflow import registry


@dataclass(frozen=True)
class Transition:
    code: str  # what is done, e.g. "order.validate"; two rows share a code when two roles may do it
    subject: str  # a registered subject's name ("account", "order", "instrument", "complaint", ...)
    step: int | None  # SOP step number; None for a branch
    actor: str  # a Role code or SYSTEM
    sources: tuple[str, ...]
    target: str
    norm_minutes: int | None
    norm_working_days: int | None
    name_id: str
    name_en: str
    in_inbox: bool = False  # whether an item in a source state waits in the actor's inbox

    @property
    def is_branch(self) -> bool:
        return self.step is None

    @property
    def customer_step(self) -> bool:
        return self.actor == Role.PELANGGAN

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "subject": self.subject,
            "step": self.step,
            "actor": self.actor,
            "from": list(self.sources),
            "to": self.target,
            "norm_minutes": self.norm_minutes,
            "norm_working_days": self.norm_working_days,
            "name_id": self.name_id,
            "name_en": self.name_en,
            "in_inbox": self.in_inbox,
        }


def row(code, subject, step, actor, sources, target, minutes, days, name_id, name_en, inbox=None):
    """A row; SOP steps put their items in the actor's inbox, branches only where `inbox` says."""
    return Transition(
        code, subject, step, str(actor), tuple(str(s) for s in sources), str(target),
        minutes, days, name_id, name_en, step is not None if inbox is None else inbox,
    )


# Every registered row, in the order the apps registered them (accounts, then orders, ...).
TRANSITIONS: list[Transition] = registry.ROWS


def rows_for(code: str) -> list[Transition]:
    return registry.rows_for(code)


def codes() -> list[str]:
    seen: dict[str, None] = {}
    for t in TRANSITIONS:
        seen.setdefault(t.code, None)
    return list(seen)


def rows_waiting_in(subject: str, state: str) -> list[Transition]:
    """Rows that can leave `state`: who the item is waiting for."""
    return [t for t in TRANSITIONS if t.subject == subject and state in t.sources]


_STEP_ROWS: dict[tuple[str, str], Transition | None] = {}
_STEP_ROWS_SEEN = [0]


def step_row_for(subject: str, state: str) -> Transition | None:
    """The SOP step (not a branch) that an item in `state` waits for; its norm runs the SLA clock.
    Remembered per (subject, state) until another app registers rows."""
    if _STEP_ROWS_SEEN[0] != len(TRANSITIONS):
        _STEP_ROWS.clear()
        _STEP_ROWS_SEEN[0] = len(TRANSITIONS)
    key = (subject, state)
    if key not in _STEP_ROWS:
        _STEP_ROWS[key] = next((t for t in TRANSITIONS if t.subject == subject and state in t.sources
                                and t.step is not None), None)
    return _STEP_ROWS[key]


_ACTOR_CODES: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
_ACTOR_CODES_SEEN = [0]


def codes_leaving(subject: str, state: str) -> dict[str, tuple[str, ...]]:
    """{actor: codes} of the rows that take an item of `subject` out of `state` (the system's left out),
    in table order. Remembered per (subject, state) until another app registers rows."""
    if _ACTOR_CODES_SEEN[0] != len(TRANSITIONS):
        _ACTOR_CODES.clear()
        _ACTOR_CODES_SEEN[0] = len(TRANSITIONS)
    key = (subject, state)
    if key not in _ACTOR_CODES:
        by_actor: dict[str, dict[str, None]] = {}
        for t in TRANSITIONS:
            if t.subject == subject and t.actor != SYSTEM and state in t.sources:
                by_actor.setdefault(t.actor, {})[t.code] = None
        _ACTOR_CODES[key] = {actor: tuple(codes) for actor, codes in by_actor.items()}
    return _ACTOR_CODES[key]


def waiting_states(role: str, subject: str) -> list[str]:
    """States in which items of `subject` wait in `role`'s inbox."""
    states: dict[str, None] = {}
    for t in TRANSITIONS:
        if t.actor == role and t.subject == subject and t.in_inbox:
            for s in t.sources:
                states.setdefault(s, None)
    return list(states)
