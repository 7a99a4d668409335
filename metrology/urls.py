from django.urls import path

from metrology import views

app_name = "metrology"
urlpatterns = [
    path("standards/", views.standards, name="standards"),
]
