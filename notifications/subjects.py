"""What notifications need to know of a subject, read from the registry (workflow.registry): the order an
item belongs to, whether an item is an account, and whether the subject has steps of the SOP. No subject is known here by name."""
from __future__ import annotations

from workflow.registry import ROWS, SUBJECTS


def order_of(subject: str, obj):
    """The order `obj` belongs to, through its subject's registered path to it (workflow.registry), read
    through loaded attributes; None for an item that is not an order's (an account)."""
    path = SUBJECTS[subject].order_path
    if path is None:
        return None
    for name in path.split("__") if path else ():
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj


def is_an_account(subject: str) -> bool:
    """Whether the items of `subject` are accounts themselves (told as the customer of their own moves)."""
    return SUBJECTS[subject].account_path == ""


_SOP_SUBJECTS: dict[int, frozenset[str]] = {}


def follows_the_sop(subject: str) -> bool:
    """Whether `subject` has steps of the SOP (the order and its instruments). The customer hears of
    staff's moves of these; a document's lifecycle beside them (e-billing, proof, refund, report, its
    change) reaches the customer through the order's own step, not a second time."""
    known = _SOP_SUBJECTS.get(len(ROWS))
    if known is None:
        _SOP_SUBJECTS.clear()
        known = _SOP_SUBJECTS[len(ROWS)] = frozenset(r.subject for r in ROWS if r.step is not None)
    return subject in known
