"""What to generate: how orders spread over the states, and the people who act on them."""
from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from accounts.roles import Role
from workflow.states import InstrumentState as I
from workflow.states import OrderState as O

# Share of orders ending in each state (normalised): most orders of a few years are done; the rest
# wait somewhere along the SOP, the laboratory holding the most.
STATE_WEIGHTS: dict[str, float] = {
    O.COMPLETED: 80.0, O.CANCELLED: 4.0, O.RETURNED: 1.0,
    O.DRAFT: 0.6, O.SUBMITTED: 0.8, O.VALIDATED: 0.7, O.PRICED: 0.7, O.BILLING_REQUESTED: 0.6,
    O.AWAITING_PAYMENT: 1.0, O.BILLING_EXPIRED: 0.3, O.PAYMENT_SUBMITTED: 0.7, O.PAID: 0.8,
    O.IN_LAB: 3.5, O.RESULTS_READY: 0.6, O.NUMBERED: 0.6, O.AWAITING_SIGNATURE: 0.6, O.SIGNED: 0.5,
    O.FORWARDED: 0.8, O.SURVEYED: 0.5,
}
# Where an instrument of an order still in the laboratory stands.
LAB_STATES = [I.RECEIVED, I.ASSIGNED, I.IN_CALIBRATION, I.IN_CALIBRATION, I.RESULTS_ENTERED, I.VERIFIED, I.VALIDATED]
# Instruments per order: about three.
INSTRUMENT_COUNTS = [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6]
REJECTED_AT_RECEPTION = 0.02  # share of instruments refused at the counter
PAID_BY_STATE_BILLING = 0.3  # share of payments confirmed by SIMPONI rather than by a proof
ORDERS_PER_COMPANY = 40
DEMO_CUSTOMER_SHARE = 0.01  # each demo customer's share of the orders (a big customer's list)


@dataclass
class Staff:
    """The accounts that act at each step; the laboratory roles per laboratory."""

    cs: User
    ketua_pji: User
    bendahara: User
    mt: User
    kepala_balai: User
    supervisors: dict[int, list[User]] = field(default_factory=dict)
    analysts: dict[int, list[User]] = field(default_factory=dict)

    @classmethod
    def load(cls, unit=None) -> Staff:
        """The staff (of `unit` when given: the roles held there)."""
        def first(role, preferred):
            users = User.objects.filter(roles__role=role, is_active=True).order_by("pk")
            if unit is not None:
                users = users.filter(roles__unit=unit)
            return users.filter(username=preferred).first() or users.first()

        staff = cls(first(Role.CS, "cs"), first(Role.KETUA_PJI, "ketua_pji"), first(Role.BENDAHARA, "bendahara"),
                    first(Role.MT, "mt"), first(Role.KEPALA_BALAI, "kepala_balai"))
        missing = [name for name in ("cs", "ketua_pji", "bendahara", "mt", "kepala_balai") if getattr(staff, name) is None]
        if missing:
            raise ValueError(f"no active account for the roles {missing}")
        for role, into in ((Role.PENYELIA, staff.supervisors), (Role.ANALIS, staff.analysts)):
            users = User.objects.filter(roles__role=role, is_active=True, laboratory__isnull=False).order_by("pk")
            for user in users.filter(roles__unit=unit) if unit is not None else users:
                into.setdefault(user.laboratory_id, []).append(user)
        return staff


def every_state_first(count: int, rng) -> list[str]:
    """Target states of `count` orders: every state once (so a small set covers the SOP), then by weight."""
    states = list(STATE_WEIGHTS)
    targets = states[:count]
    weights = [STATE_WEIGHTS[s] for s in states]
    targets += rng.choices(states, weights=weights, k=max(0, count - len(states)))
    return targets
