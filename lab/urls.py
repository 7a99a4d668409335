from django.urls import path

from lab import views

app_name = "lab"
urlpatterns = [
    path("order/<int:pk>/receive/", views.receive, name="receive"),
    path("order/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("order/<int:pk>/labels.pdf", views.labels_pdf, name="labels_pdf"),
    path("instrument/<int:pk>/assign/", views.assign, name="assign"),
    path("instrument/<int:pk>/reject/", views.reject, name="reject"),
    path("instrument/<int:pk>/approve/", views.approve_assignment, name="approve_assignment"),
    path("instrument/<int:pk>/return/", views.return_assignment, name="return_assignment"),
]
