from django.urls import path

from certificates import batch_views, views

app_name = "certificates"
urlpatterns = [
    path("order/<int:pk>/number/", views.number_reports, name="number"),
    path("order/<int:pk>/request-signature/", views.request_signature, name="request_signature"),
    path("order/<int:pk>/sign/", views.sign, name="sign"),
    path("order/<int:pk>/forward/", views.forward, name="forward"),
    path("report/<int:pk>/draft.pdf", views.preview, name="preview"),
    path("report/<int:pk>/signed.pdf", views.download, name="download"),
    path("report/<int:pk>/dcc.xml", views.download_dcc, name="download_dcc"),
    path("report/<int:pk>/change/", views.request_change, name="request_change"),
    path("change/<int:pk>/approve/", views.approve_change, name="approve_change"),
    path("change/<int:pk>/reject/", views.reject_change, name="reject_change"),
    path("change/<int:pk>/sign/", views.sign_amendment, name="sign_amendment"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("sign/", batch_views.sign_inbox, name="sign_inbox"),
    path("batch/<int:pk>/", batch_views.batch_detail, name="batch"),
    path("batch/<int:pk>/progress/", batch_views.batch_progress, name="batch_progress"),
]
