"""The SOP table itself: every step and branch, who takes it, from which state to which, its norm."""
from django.http import HttpRequest
from ninja import Router

from api.auth import read_auth
from api.schemas import ErrorOut, SopRow
from workflow.table import TRANSITIONS

router = Router(tags=["sop"])


@router.get("/sop", response={200: list[SopRow], 401: ErrorOut, 403: ErrorOut}, auth=read_auth, by_alias=True,
            summary="Tabel SOP (langkah dan cabang)")
def sop_table(request: HttpRequest):
    return [row.as_json() for row in TRANSITIONS]
