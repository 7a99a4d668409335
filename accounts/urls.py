from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import member_views, pdp_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("verify/<str:uidb64>/<str:token>/", views.verify_email, name="verify_email"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/activate/", views.activate, name="activate"),
    path("review/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("company/members/", member_views.member_list, name="members"),
    path("company/members/invite/", member_views.invite, name="invite"),
    path("company/invitations/<int:pk>/revoke/", member_views.revoke, name="revoke_invitation"),
    path("company/members/<int:pk>/remove/", member_views.remove, name="remove_member"),
    path("company/members/<int:pk>/owner/", member_views.make_owner, name="make_owner"),
    path("join/<str:token>/", member_views.join, name="join"),
    path("privacy/", pdp_views.privacy_notice, name="privacy"),
    path("my-data/", pdp_views.my_data, name="my_data"),
    path("my-data/download/", pdp_views.my_data_download, name="my_data_download"),
    path("my-data/request/<str:kind>/", pdp_views.ask, name="data_request_ask"),
    path("data-requests/", pdp_views.request_list, name="data_requests"),
    path("data-requests/<int:pk>/", pdp_views.request_detail, name="data_request"),
    path("data-requests/<int:pk>/decide/", pdp_views.request_decide, name="data_request_decide"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html", email_template_name="accounts/password_reset_email.txt",
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
]
