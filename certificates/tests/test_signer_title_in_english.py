"""The public verify page names the signer's position in the reader's language when it is a role's name
(the demo head of centre's "Kepala Balai"), and leaves an official title with the centre's name as it is."""
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from certificates.models import Report
from certificates.templatetags.certificates import jabatan


@pytest.mark.django_db
def test_the_verify_page_names_the_head_of_centre_in_english(order_at, client):
    order = order_at("SIGNED")
    report = Report.objects.filter(order=order).exclude(signer=None).first()
    assert report.signer_position == "Kepala Balai"
    url = reverse("certificates:verify", args=[report.token])
    assert "— Kepala Balai" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "— Head of Centre" in page and "Kepala Balai" not in page


def test_titles_that_are_not_role_names_stay_as_written():
    with translation.override("en"):
        assert jabatan("Plh. Kepala Balai") == "Acting Head of Centre"
        assert jabatan("Plt. Kepala Balai") == "Acting Head of Centre"
        assert jabatan("Kepala Balai Standardisasi dan Pelayanan Jasa Industri Palembang") == (
            "Kepala Balai Standardisasi dan Pelayanan Jasa Industri Palembang")
    with translation.override("id"):
        assert jabatan("Kepala Balai") == "Kepala Balai"
        assert jabatan("Plh. Kepala Balai") == "Plh. Kepala Balai"
        assert jabatan("Plt. Kepala Balai") == "Plt. Kepala Balai"
