"""The endpoint SIMPONI pushes payments to (`activeinquiry`). Not a user page: no session, no CSRF
token; it is authenticated by source address and credentials (settings SIMPONI_ALLOWED_IPS,
SIMPONI_PUSH_USER, SIMPONI_PUSH_PASSWORD). The source address is the client's as the trusted reverse
proxy reports it (core.net.client_ip).

Every push from an allowed address is stored, whatever its outcome (payload capped at
SIMPONI_PUSH_PAYLOAD_LIMIT). A push from any other address is only counted, per address and minute,
and its body is never read: 403, or 429 above SIMPONI_PUSH_REFUSED_PER_MINUTE in that minute."""
import base64
import binascii

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import push_guard
from billing.gateway.simponi import RESPONSE_REFUSED
from billing.models import NotificationOutcome as Out
from billing.payments import ip_allowed, receive_push
from core.net import client_ip

HTTP_STATUS = {Out.BAD_CREDENTIALS: 401, Out.MALFORMED: 400}


def _basic_auth(request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        user, _sep, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ("", "")
    return user, password


def _refuse_source(ip: str | None) -> JsonResponse:
    count = push_guard.count_refused(ip)
    if count > settings.SIMPONI_PUSH_REFUSED_PER_MINUTE:
        response = JsonResponse({"response_code": RESPONSE_REFUSED, "message": _("Terlalu banyak kiriman.")},
                                status=429)
        response["Retry-After"] = str(push_guard.seconds_to_next_minute())
        return response
    return JsonResponse({"response_code": RESPONSE_REFUSED, "message": str(Out.FORBIDDEN_IP.label)}, status=403)


@csrf_exempt
@require_POST
def simponi_push(request):
    ip = client_ip(request)
    if not ip_allowed(ip):
        return _refuse_source(ip)
    note = receive_push(request.body, request.content_type or "", ip, _basic_auth(request))
    return JsonResponse({"response_code": note.response_code, "message": note.get_outcome_display(),
                         "kode_billing": note.billing_code, "ntpn": note.ntpn},
                        status=HTTP_STATUS.get(note.outcome, 200))
