from django.urls import path

from billing import desk, push, views
from core.page_cache import page_cache  # main pages: kept per session while nothing changes

app_name = "billing"
urlpatterns = [
    path("order/<int:pk>/issue/", views.issue, name="issue"),
    path("order/<int:pk>/reissue/", views.reissue, name="reissue"),
    path("order/<int:pk>/proof/", views.upload_proof, name="upload_proof"),
    path("order/<int:pk>/proof/<int:proof_pk>/", views.proof_file, name="proof_file"),
    path("order/<int:pk>/accept/", views.accept, name="accept"),
    path("order/<int:pk>/reject/", views.reject, name="reject"),
    path("order/<int:pk>/status/", views.payment_status, name="payment_status"),
    path("billing/<int:pk>.pdf", views.billing_pdf, name="billing_pdf"),
    path("payment/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    # the treasurer's desk
    path("desk/", page_cache(desk.desk), name="desk"),
    path("desk/billing/<int:pk>/poll/", desk.poll, name="poll"),
    path("desk/notifications/", desk.notifications, name="notifications"),
    path("desk/notifications/<int:pk>/handle/", desk.handle_notification, name="handle_notification"),
    path("desk/refunds/", desk.refunds, name="refunds"),
    path("desk/refunds/<int:pk>/done/", desk.refund_done, name="refund_done"),
    path("desk/reconciliation/", desk.reconciliation_view, name="reconciliation"),
    path("desk/reconciliation.xlsx", desk.reconciliation_xlsx, name="reconciliation_xlsx"),
    # host-to-host: SIMPONI pushes payments here
    path("simponi/push/", push.simponi_push, name="simponi_push"),
]
