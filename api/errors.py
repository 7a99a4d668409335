"""One JSON error shape for every failure: {"error": {"code": ..., "message": ...}}."""
import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from api.parser import NulInBody
from core.middleware import message_of
from workflow.engine import TransitionNotAllowed

logger = logging.getLogger(__name__)

CODES_BY_STATUS = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "transition_not_allowed", 422: "invalid", 429: "throttled",
}


def error_response(api, request, status: int, code: str, message: str, **extra):
    body = {"code": code, "message": message, **extra}
    response = api.create_response(request, {"error": body}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _describe(errors) -> str:
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload"))
        parts.append(f"{where}: {err.get('msg', '')}" if where else str(err.get("msg", "")))
    return "; ".join(parts)


def register_error_handlers(api) -> None:
    @api.exception_handler(TransitionNotAllowed)
    def transition_not_allowed(request, exc):
        return error_response(api, request, 409, "transition_not_allowed", exc.message)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return error_response(api, request, 422, "invalid", message_of(exc))

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors]
        return error_response(api, request, 422, "invalid", _describe(errors), details=errors)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(api, request, 404, "not_found", _("Data tidak ditemukan."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        message = exc.message
        if exc.status_code == 401:
            message = _("Token API tidak ada, tidak dikenal, atau sudah dicabut.")
        elif exc.status_code == 400 and isinstance(exc.__cause__, NulInBody):
            message = _("Isi permintaan berisi karakter NUL dan tidak dapat diproses.")
        elif exc.status_code == 400:
            message = _("Isi permintaan bukan JSON yang sah.")
        return error_response(api, request, exc.status_code, code, str(message))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(api, request, 500, "server_error",
                              _("Terjadi kesalahan pada server. Silakan coba lagi atau hubungi admin."))
