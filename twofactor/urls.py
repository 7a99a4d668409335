from django.urls import path

from twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("reset/<int:pk>/", views.reset, name="reset"),
    path("reset/<int:pk>/confirm/", views.reset_confirm, name="reset_confirm"),
]
