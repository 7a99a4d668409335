from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("mails/", views.mail_list, name="mails"),
    path("mails/retry/", views.mail_retry, name="mail_retry"),
]
