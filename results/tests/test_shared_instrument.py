"""An instrument whose parameters went to two analysts: each enters only their own parameters, sees the
other's read-only, and the results go to the supervisor only when every parameter has its points."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User, UserRole
from accounts.roles import Role
from metrology.models import Authorisation, CalibrationMethod
from results import services
from results.models import CalibrationPoint
from results.tests.helpers import grid_data, stored_rows
from workflow.states import InstrumentState

POINT = {"nominal": "100", "readings": "100,0002; 100,0003; 100,0002", "unit": "g"}


@pytest.fixture
def second_analyst(users, balance):
    user = User.objects.create(username="analis3", full_name="Sri Wahyuni", email="analis3@demo.sippt.local",
                               laboratory=users["analis"].laboratory)
    UserRole.objects.create(user=user, role=Role.ANALIS)
    balance.parameters.filter(name="Eksentrisitas").update(analyst=user)
    Authorisation.objects.create(analyst=user, method=CalibrationMethod.objects.get(code="MK-NER-01"))
    return user


def test_each_analyst_enters_only_their_own_parameters(balance, users, second_analyst, login):
    grid = reverse("results:grid", args=[balance.pk])
    client = login(users["analis"])
    mine = [{"param": "Repeatabilitas", **POINT}, {"param": "Penunjukan (linearitas)", **POINT}]
    response = client.post(grid, grid_data(balance, [*mine, {"param": "Eksentrisitas", **POINT}]))
    assert response.status_code == 302  # the other analyst's row is not in the user's grid: ignored
    assert not CalibrationPoint.objects.filter(parameter__name="Eksentrisitas").exists()
    with pytest.raises(ValidationError):
        services.submit_results(users["analis"], balance.pk)  # not every parameter has a point yet
    response = client.post(grid, grid_data(balance, stored_rows(balance), submit=True))
    assert "Parameter Eksentrisitas belum memiliki titik kalibrasi." in response.content.decode()

    client = login(second_analyst)
    page = client.get(grid).content.decode()
    assert 'name="r-0-nominal"' not in page and 'name="r-1-nominal"' in page
    assert "100,0002; 100,0003; 100,0002" in page  # own row editable, the others shown read-only
    client.post(grid, grid_data(balance, [{"param": "Eksentrisitas", **POINT}], submit=True))
    balance.refresh_from_db()
    assert balance.state == InstrumentState.RESULTS_ENTERED
    assert CalibrationPoint.objects.count() == 3
    assert CalibrationPoint.objects.get(parameter__name="Eksentrisitas").entered_by == second_analyst
