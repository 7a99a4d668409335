"""The mails about the account itself (always sent): activation with the login link, refusal with the
reason. Written in the applicant's language (the one they used on the site when registering, or saved
since), whoever decided; plain text and HTML from the same templates as every other mail. They name the
customer's home unit (the unit whose admin decides), the installation's default unit where none."""
from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.locale import language_of
from notifications.content import Message, render_message, site_link


def home_unit(account):
    """The unit an account's mails name: its company's home unit, the default unit where it has none."""
    from units.current import default_unit

    company = account.company if account.company_id else None
    return company.home_unit if company is not None and company.home_unit_id else default_unit()


def _send(account, subject_and_message, unit) -> None:
    from notifications.kinds import MailKind
    from notifications.outbox import queue_mail

    with translation.override(language_of(account)):
        subject, message = subject_and_message()
        text, html = render_message(account, subject, message, prefs=False, unit=unit)
    queue_mail(account.email, subject, text, kind=MailKind.ACCOUNT, user=account, html=html, unit=unit)


def send_activation_mail(account) -> None:
    unit = home_unit(account)

    def build():
        facts = [(_("Email untuk masuk"), account.email)]
        if account.company_id:
            facts.append((_("Perusahaan"), str(account.company)))
        return _("Akun SIPPT Kalibrasi Anda telah aktif"), Message(
            headline=_("Akun SIPPT Kalibrasi Anda telah diaktifkan oleh admin %(balai)s.") % {"balai": unit.name},
            facts=facts,
            todo=_("Masuk dengan email dan kata sandi yang Anda buat saat mendaftar, lalu ajukan permohonan "
                   "kalibrasi."),
            link=site_link(reverse("accounts:login")), link_label=_("Masuk ke SIPPT Kalibrasi"))
    _send(account, build, unit)


def send_refusal_mail(account, reason: str) -> None:
    unit = home_unit(account)

    def build():
        return _("Pendaftaran akun SIPPT Kalibrasi ditolak"), Message(
            headline=_("Pendaftaran akun SIPPT Kalibrasi Anda ditolak oleh admin %(balai)s.") % {"balai": unit.name},
            facts=[(_("Alasan"), reason)],
            todo=_("Bila data Anda perlu diperbaiki atau Anda tidak sependapat dengan alasan ini, hubungi "
                   "%(balai)s, %(address)s.") % {"balai": unit.name, "address": unit.address},
            link=site_link(reverse("home")), link_label=_("Buka SIPPT Kalibrasi"))
    _send(account, build, unit)


def send_registration_attempt_mail(account) -> None:
    """Someone tried to register with this account's email: its owner is told (the visitor is not)."""
    def build():
        return _("Percobaan pendaftaran dengan email Anda di SIPPT Kalibrasi"), Message(
            headline=_("Seseorang mencoba mendaftar akun baru SIPPT Kalibrasi dengan alamat email ini, yang sudah "
                       "memiliki akun. Tidak ada akun baru yang dibuat."),
            facts=[(_("Email untuk masuk"), account.email)],
            todo=_("Bila itu Anda, masuk dengan email ini; kata sandi yang terlupa dapat diatur ulang dari halaman "
                   "masuk. Bila bukan Anda, abaikan email ini: akun Anda tidak berubah."),
            link=site_link(reverse("accounts:login")), link_label=_("Masuk ke SIPPT Kalibrasi"))
    _send(account, build, home_unit(account))
