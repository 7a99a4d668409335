from django.urls import path

from workflow import step_views, views
from core.page_cache import page_cache  # main pages: kept per session while nothing changes

app_name = "workflow"
urlpatterns = [
    path("inbox/<str:role>/", page_cache(views.inbox_view), name="inbox"),
    path("sop/", views.sop_view, name="sop"),
    path("step/<str:code>/<int:pk>/", step_views.step_view, name="step"),
]
