from django.urls import path

from units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="create"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/staff/", views.unit_staff, name="staff"),
    path("<int:pk>/staff/appoint/", views.appoint_admin, name="appoint_admin"),
    path("<int:pk>/staff/<int:user_pk>/remove-admin/", views.remove_admin, name="remove_admin"),
]
