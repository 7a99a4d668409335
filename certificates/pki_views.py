"""The demo PKI on the web server (certificates.pki): the demo CA's CRL at the address written into
its certificates, and an RFC 3161 timestamp service (HTTP, `application/timestamp-query`) with the
demo TSA's key. Both exist only where the demo CA does (a real installation has none: 404)."""
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from certificates import pki

MAX_REQUEST_BYTES = 4096  # a TimeStampReq is a digest, a policy and a nonce: ~100 bytes


def _demo_only() -> None:
    from certificates.demo import CA_CERT_FILE

    if not (pki.folder() / CA_CERT_FILE).is_file():
        raise Http404


@require_GET
def crl(request):
    _demo_only()
    response = HttpResponse(pki.crl_der(), content_type="application/pkix-crl")
    response["Cache-Control"] = "max-age=3600"
    return response


@csrf_exempt  # a machine's RFC 3161 request: no session, no form
@require_POST
def tsa(request):
    from asn1crypto import tsp

    _demo_only()
    body = request.body[:MAX_REQUEST_BYTES + 1]
    if len(body) > MAX_REQUEST_BYTES:
        return HttpResponseBadRequest("timestamp request too large", content_type="text/plain")
    try:
        req = tsp.TimeStampReq.load(body, strict=True)
        req.native  # noqa: B018 -- parse it all now: a malformed request is refused here, not half-way
        response = pki.timestamper().request_tsa_response(req)
    except Exception:  # noqa: BLE001 -- whatever a client sends, a malformed request is a 400, not a 500
        return HttpResponseBadRequest("not an RFC 3161 timestamp request", content_type="text/plain")
    return HttpResponse(response.dump(), content_type="application/timestamp-reply")
