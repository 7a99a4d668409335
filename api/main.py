"""The REST API: /api/openapi.json, /api/docs (Swagger UI from our own static files, no CDN) and the
endpoints of the routers. Every error has the shape {"error": {"code": ..., "message": ...}}."""
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from api.errors import register_error_handlers
from api.parser import JsonParser
from api.routers import instruments, orders, reports, sop, verify

api = NinjaAPI(
    title="SIPPT Kalibrasi API",
    version="1",
    description=(
        "API REST SIPPT Kalibrasi. Autentikasi: `Authorization: Bearer <token>` dengan token API pribadi "
        "(dibuat di /api/tokens/). Cakupan `read` untuk membaca, `transitions` untuk menjalankan langkah SOP. "
        "Data yang terlihat sama dengan di aplikasi: pelanggan hanya melihat pesanan perusahaannya."
    ),
    urls_namespace="api",
    # "ninja" is in INSTALLED_APPS, so the page uses ninja's bundled swagger-ui files; the validator
    # badge would call swagger.io, so it is switched off.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=JsonParser(),  # a NUL in a JSON string: 400, not a database error
)
register_error_handlers(api)
api.add_router("", orders.router)
api.add_router("", instruments.router)
api.add_router("", sop.router)
api.add_router("", reports.router)
api.add_router("", verify.router)
