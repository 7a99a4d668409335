"""The mails about the account itself (always sent): activation with the login link, refusal with the
reason. Written in the applicant's language (the one they used on the site when registering, or saved
since), whoever decided; plain text and HTML from the same templates as every other mail."""
from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.locale import language_of
from notifications.content import Message, render_message, site_link


def _send(account, subject_and_message) -> None:
    from accounts.services import send_account_mail_to

    with translation.override(language_of(account)):
        subject, message = subject_and_message()
        text, html = render_message(account, subject, message, prefs=False)
    send_account_mail_to(account.email, subject, text, user=account, html=html)


def send_activation_mail(account) -> None:
    def build():
        facts = [(_("Email untuk masuk"), account.email)]
        if account.company_id:
            facts.append((_("Perusahaan"), str(account.company)))
        return _("Akun SIPPT Kalibrasi Anda telah aktif"), Message(
            headline=_("Akun SIPPT Kalibrasi Anda telah diaktifkan oleh admin %(balai)s.") % {
                "balai": settings.BALAI_NAME},
            facts=facts,
            todo=_("Masuk dengan email dan kata sandi yang Anda buat saat mendaftar, lalu ajukan permohonan "
                   "kalibrasi."),
            link=site_link(reverse("accounts:login")), link_label=_("Masuk ke SIPPT Kalibrasi"))
    _send(account, build)


def send_refusal_mail(account, reason: str) -> None:
    def build():
        return _("Pendaftaran akun SIPPT Kalibrasi ditolak"), Message(
            headline=_("Pendaftaran akun SIPPT Kalibrasi Anda ditolak oleh admin %(balai)s.") % {
                "balai": settings.BALAI_NAME},
            facts=[(_("Alasan"), reason)],
            todo=_("Bila data Anda perlu diperbaiki atau Anda tidak sependapat dengan alasan ini, hubungi "
                   "%(balai)s, %(address)s.") % {"balai": settings.BALAI_NAME, "address": settings.BALAI_ADDRESS},
            link=site_link(reverse("home")), link_label=_("Buka SIPPT Kalibrasi"))
    _send(account, build)


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
    _send(account, build)
