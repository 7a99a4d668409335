from django.conf import settings


def site(request):
    return {"BALAI_NAME": settings.BALAI_NAME, "BALAI_SHORT": settings.BALAI_SHORT}
