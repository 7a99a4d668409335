"""The endpoint SIMPONI pushes payments to (`activeinquiry`). Not a user page: no session, no CSRF
token; it is authenticated by source address and credentials (settings SIMPONI_ALLOWED_IPS,
SIMPONI_PUSH_USER, SIMPONI_PUSH_PASSWORD). Every call is stored, whatever its outcome."""
import base64
import binascii

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing.models import NotificationOutcome as Out
from billing.payments import receive_push

HTTP_STATUS = {Out.FORBIDDEN_IP: 403, Out.BAD_CREDENTIALS: 401, Out.MALFORMED: 400}


def _basic_auth(request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ("", "")
    return user, password


@csrf_exempt
@require_POST
def simponi_push(request):
    note = receive_push(request.body, request.content_type or "", request.META.get("REMOTE_ADDR"),
                        _basic_auth(request))
    return JsonResponse({"response_code": note.response_code, "message": note.get_outcome_display(),
                         "kode_billing": note.billing_code, "ntpn": note.ntpn},
                        status=HTTP_STATUS.get(note.outcome, 200))
