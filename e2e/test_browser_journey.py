"""One order through the 22 SOP steps in a real browser: a new customer and the people of the nine roles,
each in their own browser context, clicking and typing. Each step leaves a screenshot in var/e2e-shots/.
The steps themselves are e2e/journey.py's, shared with the two-unit journey."""
from __future__ import annotations

import pytest

from e2e.journey import PALEMBANG_CREW as CREW
from e2e.journey import STEPS, Lane, prepare_signing, register_customer, signed_in


@pytest.mark.slow
def test_nine_people_take_one_order_through_22_steps_in_the_browser(people, users, shots, tmp_path):
    prepare_signing("kepala_balai")  # the head of centre signs in with a second factor
    staff = signed_in(people, ["admin", *CREW.values()])
    customer = people("customer")
    register_customer(customer, staff["admin"], shots)  # steps 1-3
    lane = Lane("", customer, {role: staff[name] for role, name in CREW.items()},
                {role: users[name] for role, name in CREW.items()}, shots, tmp_path)
    for step in STEPS:  # steps 4-22
        step(lane)
