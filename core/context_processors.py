from django.conf import settings


def site(request):
    context = {"BALAI_NAME": settings.BALAI_NAME, "BALAI_SHORT": settings.BALAI_SHORT,
               "COMPLAINT_CHANNEL_URL": settings.COMPLAINT_CHANNEL_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from survey.services import IKM_READERS

        context["sees_ikm"] = bool(user.role_codes & IKM_READERS)
    return context
