from django.conf import settings


def site(request):
    """The centre's names and the public complaint channel, on every page. What depends on the reader's
    roles comes from the apps that own it (workflow, certificates, survey context processors).

    The names here are the installation's (the settings its default unit was made from), for a reader
    who is no one unit's: a visitor, a customer, a national role. A member of staff of one unit reads
    their unit's names instead (units.reader.reader_unit, listed after this one), read from the units'
    table the reader middleware has already fetched; a document names the unit of its order
    (units.letterhead, core.pdf.render_pdf), never these."""
    return {"BALAI_NAME": settings.BALAI_NAME, "BALAI_SHORT": settings.BALAI_SHORT,
            "COMPLAINT_CHANNEL_URL": settings.COMPLAINT_CHANNEL_URL}
