"""ISO/IEC 17025 separation of duties: who entered results does not verify them; who verified them
does not validate them. Refused in the service, with a message that says why."""
import pytest
from django.urls import reverse

from accounts.models import User, UserRole
from accounts.roles import Role
from results import services
from results.tests.helpers import TWO_POINTS, grid_data
from workflow.engine import TransitionNotAllowed
from workflow.states import InstrumentState


def _grant(user, role):
    UserRole.objects.create(user=user, role=role)
    return User.objects.get(pk=user.pk)  # role_codes is cached on the instance


def _submit_as(login, user, inst):
    login(user).post(reverse("results:grid", args=[inst.pk]), grid_data(inst, TWO_POINTS, submit=True))
    inst.refresh_from_db()
    assert inst.state == InstrumentState.RESULTS_ENTERED


def test_analyst_who_is_also_a_supervisor_cannot_verify_own_results(thermometer, users, login):
    inst = thermometer
    analyst = _grant(users["analis2"], Role.PENYELIA)
    _submit_as(login, analyst, inst)
    client = login(analyst)
    assert "verifikasi harus dilakukan penyelia lain" in client.get(reverse("results:grid", args=[inst.pk])).content.decode()
    response = client.post(reverse("results:verify", args=[inst.pk]), {"note": ""}, follow=True)
    inst.refresh_from_db()
    assert inst.state == InstrumentState.RESULTS_ENTERED
    assert "tidak boleh memverifikasinya sendiri" in response.content.decode()
    with pytest.raises(TransitionNotAllowed, match="ISO/IEC 17025"):
        services.verify_results(analyst, inst.pk)
    services.verify_results(users["penyelia2"], inst.pk)  # another supervisor of the lab may
    inst.refresh_from_db()
    assert inst.state == InstrumentState.VERIFIED


def test_supervisor_who_is_also_technical_manager_cannot_validate_what_they_verified(thermometer, users, login):
    inst = thermometer
    supervisor = _grant(users["penyelia2"], Role.MT)
    _submit_as(login, users["analis2"], inst)
    login(supervisor).post(reverse("results:verify", args=[inst.pk]), {"note": ""})
    inst.refresh_from_db()
    assert inst.state == InstrumentState.VERIFIED
    response = login(supervisor).post(reverse("results:validate", args=[inst.pk]), {"note": ""}, follow=True)
    inst.refresh_from_db()
    assert inst.state == InstrumentState.VERIFIED
    assert "tidak boleh juga memvalidasinya" in response.content.decode()
    with pytest.raises(TransitionNotAllowed, match="ISO/IEC 17025"):
        services.validate_results(supervisor, inst.pk)
    services.validate_results(users["mt"], inst.pk)
    inst.refresh_from_db()
    assert inst.state == InstrumentState.VALIDATED


def test_analyst_who_is_also_technical_manager_cannot_validate_own_results(thermometer, users, login):
    inst = thermometer
    analyst = _grant(users["analis2"], Role.MT)
    _submit_as(login, analyst, inst)
    services.verify_results(users["penyelia2"], inst.pk)
    with pytest.raises(TransitionNotAllowed, match="ISO/IEC 17025"):
        services.validate_results(analyst, inst.pk)


def test_analyst_not_assigned_to_the_instrument_gets_404_for_its_grid(thermometer, users, login):
    client = login(users["analis"])  # the mass laboratory's analyst
    assert client.get(reverse("results:grid", args=[thermometer.pk])).status_code == 404
    response = client.post(reverse("results:grid", args=[thermometer.pk]), grid_data(thermometer, TWO_POINTS))
    assert response.status_code == 404


def test_customer_cannot_open_the_results_grid(thermometer, users, login):
    assert login(users["pelanggan"]).get(reverse("results:grid", args=[thermometer.pk])).status_code == 404


def test_supervisor_sees_the_results_read_only(thermometer, users, login):
    _submit_as(login, users["analis2"], thermometer)
    client = login(users["penyelia2"])
    page = client.get(reverse("results:grid", args=[thermometer.pk])).content.decode()
    assert "100,07; 100,08; 100,08" in page and 'name="r-0-nominal"' not in page
    response = client.post(reverse("results:grid", args=[thermometer.pk]), grid_data(thermometer, TWO_POINTS))
    assert response.status_code == 302
    assert thermometer.parameters.get().points.count() == 2
