"""A transition in one unit tells the people of that unit who hold the role waiting next, and nobody
in another unit; the customer's people are told wherever the order is."""
from datetime import time

import pytest
from django.core import mail

from accounts.models import User, UserRole
from accounts.roles import Role
from notifications.models import Notification
from units.models import Unit


@pytest.mark.django_db
def test_a_transition_in_one_unit_mails_nobody_in_another(users, order_at, django_capture_on_commit_callbacks):
    from demo.steps import validate

    other = Unit.objects.create(code="bspji-ambon", name="Balai Ambon", short_name="BSPJI Ambon",
                                time_zone="Asia/Jayapura", office_start=time(7, 30), office_end=time(16, 0))
    outsider = User.objects.create_user("ketua_pji_ambon", email="kpji@ambon.example", password="x")
    UserRole.objects.create(user=outsider, role=Role.KETUA_PJI, unit=other)
    order = order_at("SUBMITTED")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        validate(users, order)  # step 5 in the order's unit: the team head (step 6) is told
    told = set(Notification.objects.filter(url__contains=f"/orders/{order.pk}/").values_list("user_id", flat=True))
    assert users["ketua_pji"].pk in told and users["pelanggan"].pk in told
    assert outsider.pk not in told
    assert not [m for m in mail.outbox if outsider.email in m.to]
    assert [m for m in mail.outbox if users["ketua_pji"].email in m.to]
