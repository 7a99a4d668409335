from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("order/<int:pk>/issue/", views.issue, name="issue"),
    path("order/<int:pk>/reissue/", views.reissue, name="reissue"),
    path("order/<int:pk>/proof/", views.upload_proof, name="upload_proof"),
    path("order/<int:pk>/proof/<int:proof_pk>/", views.proof_file, name="proof_file"),
    path("order/<int:pk>/accept/", views.accept, name="accept"),
    path("order/<int:pk>/reject/", views.reject, name="reject"),
]
