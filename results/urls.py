from django.urls import path

from results import mt, views
from core.page_cache import page_cache  # main pages: kept per session while nothing changes

app_name = "results"
urlpatterns = [
    path("instrument/<int:pk>/", page_cache(views.grid), name="grid"),
    path("instrument/<int:pk>/preview/", views.preview, name="preview"),
    path("instrument/<int:pk>/attach/", views.attach, name="attach"),
    path("instrument/<int:pk>/attachment/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("instrument/<int:pk>/attachment/<int:attachment_pk>/withdraw/", views.withdraw_attachment,
         name="withdraw_attachment"),
    path("instrument/<int:pk>/verify/", views.verify, name="verify"),
    path("instrument/<int:pk>/return-verification/", views.return_verification, name="return_verification"),
    path("instrument/<int:pk>/validate/", views.validate, name="validate"),
    path("instrument/<int:pk>/return-validation/", views.return_validation, name="return_validation"),
    path("order/<int:pk>/mt/", mt.mt_order, name="mt_order"),
]
