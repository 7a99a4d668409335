"""At reception CS picks a supervisor per instrument; each is shown with their laboratory."""
import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_supervisor_list_at_reception_names_each_supervisors_laboratory(users, login, order_at):
    order = order_at("PAID")
    page = login(users["cs"]).get(reverse("lab:receive", args=[order.pk])).content.decode()
    for name in ("penyelia", "penyelia2"):
        person = users[name]
        assert f"{person} — {person.laboratory}" in page
