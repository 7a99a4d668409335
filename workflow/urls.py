from django.urls import path

from workflow import step_views, views

app_name = "workflow"
urlpatterns = [
    path("inbox/<str:role>/", views.inbox_view, name="inbox"),
    path("sop/", views.sop_view, name="sop"),
    path("step/<str:code>/<int:pk>/", step_views.step_view, name="step"),
]
