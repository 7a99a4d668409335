from django.urls import path

from workflow import views

app_name = "workflow"
urlpatterns = [
    path("inbox/<str:role>/", views.inbox_view, name="inbox"),
    path("sop/", views.sop_view, name="sop"),
]
