"""The mails about an account name the customer's home unit (the unit whose admin decides), and the
installation's default unit for a company that has none; the mail is that unit's in the outbox."""
import pytest

from accounts.mails import send_activation_mail, send_refusal_mail
from accounts.members import invite_member
from accounts.models import Company
from demo.units import seed_units
from notifications.models import OutgoingMail
from units.current import default_unit
from units.models import Unit


@pytest.mark.django_db
def test_account_and_invitation_mails_name_the_companys_home_unit(users):
    seed_units()
    makassar = Unit.objects.get(code="bspji-makassar")
    owner = users["pelanggan"]
    Company.objects.filter(pk=owner.company_id).update(home_unit=makassar)
    owner.refresh_from_db()
    send_activation_mail(owner)
    send_refusal_mail(owner, "NPWP tidak terbaca.")
    invite_member(owner, "rekan.baru@example.com")
    mails = list(OutgoingMail.objects.order_by("pk"))
    assert len(mails) == 3
    for mail in mails:
        assert mail.unit_id == makassar.pk
        assert makassar.name in mail.body and "Palembang" not in mail.body
    assert makassar.address in mails[1].body  # the refusal says whom to contact, and where


@pytest.mark.django_db
def test_a_company_without_a_home_unit_is_written_to_by_the_default_unit(users):
    owner = users["pelanggan"]
    Company.objects.filter(pk=owner.company_id).update(home_unit=None)
    owner.refresh_from_db()
    send_activation_mail(owner)
    mail = OutgoingMail.objects.get()
    assert mail.unit_id == default_unit().pk and default_unit().name in mail.body
