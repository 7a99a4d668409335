from django.urls import path

from orders import views
from core.page_cache import page_cache  # main pages: kept per session while nothing changes

app_name = "orders"
urlpatterns = [
    path("", page_cache(views.order_list), name="list"),
    path("new/", views.order_form, name="create"),
    path("new/price/", views.price_preview, name="price_preview"),
    path("<int:pk>/", page_cache(views.order_detail), name="detail"),
    path("<int:pk>/edit/", views.order_form, name="edit"),
    path("<int:pk>/tariff/", views.approve_tariff, name="approve_tariff"),
    path("<int:pk>/do/<slug:action>/", views.order_action, name="action"),
    path("instrument/<int:pk>/", views.instrument_detail, name="instrument"),
    path("instruments/", views.my_instruments, name="my_instruments"),
    path("instruments/<int:pk>/next-due/", views.set_next_due, name="set_next_due"),
]
