from django.urls import path

from quotations import views

app_name = "quotations"
urlpatterns = [
    path("order/<int:pk>/quotation.pdf", views.quotation_pdf, name="pdf"),
]
