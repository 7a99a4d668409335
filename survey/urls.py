from django.urls import path

from survey import views

app_name = "survey"
urlpatterns = [
    path("order/<int:pk>/", views.fill, name="fill"),
    path("order/<int:pk>/complete/", views.complete, name="complete"),
    path("order/<int:pk>/handover/", views.handover_create, name="handover_create"),
    path("order/<int:pk>/handover.pdf", views.handover_pdf, name="handover_pdf"),
    path("ikm/", views.ikm_report, name="ikm"),
]
