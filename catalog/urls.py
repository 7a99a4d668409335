from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("tariffs/import/", views.tariff_import_view, name="tariff_import"),
    path("tariffs/import/confirm/", views.tariff_import_confirm, name="tariff_import_confirm"),
    path("tariffs/import/template.xlsx", views.tariff_import_template, name="tariff_import_template"),
]
