from django.contrib import admin
from django.urls import include, path

from api.main import api
from core import health, locale
from certificates import pki_views
from certificates import views as certificate_views
from workflow import home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("standar-pelayanan/", home.service_standard, name="service_standard"),
    path("ops/tasks/", health.task_backlog, name="task_backlog"),
    path("i18n/setlang/", locale.set_language, name="set_language"),  # Django's switch, saved on the account
    path("accounts/", include("accounts.urls")),
    path("accounts/2fa/", include("twofactor.urls")),
    path("units/", include("units.urls")),  # the central admin's units and unit admins
    path("workflow/", include("workflow.urls")),
    path("orders/", include("orders.urls")),
    path("quotations/", include("quotations.urls")),
    path("catalog/", include("catalog.urls")),
    path("complaints/", include("complaints.urls")),
    path("billing/", include("billing.urls")),
    path("lab/", include("lab.urls")),
    path("results/", include("results.urls")),
    path("metrology/", include("metrology.urls")),
    path("certificates/", include("certificates.urls")),
    path("verify/<str:token>", certificate_views.verify, name="verify"),  # the short address the QR code may carry
    # the demo PKI of long-term signatures (certificates/pki.py): the demo CA's CRL and its TSA
    path("pki/crl/demo-ca.crl", pki_views.crl, name="pki_crl"),  # certificates.pki.crl_url()
    path("pki/tsa", pki_views.tsa, name="pki_tsa"),
    path("survey/", include("survey.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("management.urls")),  # the old address kept: saved links work
    path("api/tokens/", include("api.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
