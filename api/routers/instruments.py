"""Instruments: one instrument as the user sees it, and the instrument steps the API offers."""
from enum import Enum

from django.http import HttpRequest
from ninja import Path, Router

from api.access import api_instrument
from api.auth import read_auth, transitions_auth
from api.params import InstrumentId
from api.schemas import ErrorOut, InstrumentDetail, ReasonIn, TransitionIn
from workflow import actions
from workflow.engine import allowed_codes

router = Router(tags=["instruments"])

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
TRANSITION_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}  # 400: a body that is not JSON


class InstrumentTransition(str, Enum):
    APPROVE_ASSIGNMENT = "instrument.approve_assignment"


def _detail(user, pk: int):
    inst = api_instrument(user, pk)
    inst.allowed_transitions = sorted(allowed_codes(inst, "instrument", user))
    return inst


@router.get("/instruments/{instrument_id}", response={200: InstrumentDetail, **READ_ERRORS}, auth=read_auth,
            summary="Satu alat")
def get_instrument(request: HttpRequest, instrument_id: InstrumentId):
    return _detail(request.user, instrument_id)


# Before the general operation, whose `{code}` would otherwise take this path.
@router.post("/instruments/{instrument_id}/transitions/instrument.return_assignment",
             response={200: InstrumentDetail, **TRANSITION_ERRORS}, auth=transitions_auth,
             summary="MT mengembalikan penugasan (dengan alasan)", operation_id="instrument_return_assignment",
             url_name="instrument_return_assignment")
def return_assignment(request: HttpRequest, instrument_id: InstrumentId, body: ReasonIn):
    """Runs the step through the same service as the page; the reason is required."""
    inst = api_instrument(request.user, instrument_id)
    actions.run("instrument.return_assignment", request.user, inst.pk, {"reason": body.reason})
    return _detail(request.user, inst.pk)


@router.post("/instruments/{instrument_id}/transitions/{code}", response={200: InstrumentDetail, **TRANSITION_ERRORS},
             auth=transitions_auth, summary="Menjalankan langkah SOP pada alat")
def instrument_transition(request: HttpRequest, instrument_id: InstrumentId, code: Path[InstrumentTransition],
                          body: TransitionIn | None = None):
    """Runs the step through the same service as the page: 409 with the service's message when the
    step is not allowed now (role, state or scope)."""
    inst = api_instrument(request.user, instrument_id)
    actions.run(code.value, request.user, inst.pk, (body or TransitionIn()).model_dump())
    return _detail(request.user, inst.pk)
