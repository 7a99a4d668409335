from django.conf import settings


def site(request):
    """The centre's names and the public complaint channel, on every page. What depends on the reader's
    roles comes from the apps that own it (workflow, certificates, survey context processors)."""
    return {"BALAI_NAME": settings.BALAI_NAME, "BALAI_SHORT": settings.BALAI_SHORT,
            "COMPLAINT_CHANNEL_URL": settings.COMPLAINT_CHANNEL_URL}
