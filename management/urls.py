from django.urls import path

from management import views

app_name = "management"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard.xlsx", views.dashboard_download, name="dashboard_download"),
    path("table/<slug:key>.<slug:fmt>", views.table_download, name="table_download"),
    path("exports/", views.export_list, name="exports"),
    path("exports/new/", views.export_create, name="export_create"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("audit/", views.audit_log, name="audit_log"),
]
