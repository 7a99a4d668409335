"""The English translation: the header's language switch turns the UI English; without it the UI is
Indonesian, whatever the browser asks for. The committed catalogue is complete and compiled."""
import ast
import gettext
from pathlib import Path

from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_turns_the_public_pages_english(client, db):  # the pages name the units serving
    _switch_to_english(client)

    home = client.get(reverse("home"))
    text = home.content.decode()
    assert home["Content-Language"] == "en"
    assert '<html lang="en">' in text
    assert "Calibration Service" in text and "Register a customer account" in text
    assert "Layanan Kalibrasi" not in text and "Daftar akun pelanggan" not in text

    text = client.get(reverse("accounts:login")).content.decode()
    assert "Log in to SIPPT Kalibrasi" in text and "Forgot your password?" in text
    assert "Masuk ke SIPPT Kalibrasi" not in text and "Lupa kata sandi" not in text


def test_language_switch_turns_the_customers_order_page_english(users, login, order_at):
    order = order_at("PRICED")
    client = login(users["pelanggan"])  # log in first: logging in anew forgets the client's cookies
    _switch_to_english(client)

    text = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Order" in text and "Timeline" in text
    assert "Awaiting customer approval" in text
    assert "Approve the price and request e-billing" in text and "Reject price" in text
    assert "Log out" in text and "My orders" in text
    assert "Setujui harga dan minta e-billing" not in text and "Menunggu persetujuan pelanggan" not in text


def test_the_ui_is_indonesian_without_the_switch_even_if_the_browser_prefers_english(client, users, login,
                                                                                   order_at):
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = home.content.decode()
    assert home["Content-Language"] == "id"
    assert "Layanan Kalibrasi" in text and "Calibration Service" not in text

    text = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Masuk ke SIPPT Kalibrasi" in text and "Log in to SIPPT Kalibrasi" not in text

    order = order_at("PRICED")
    client = login(users["pelanggan"])
    text = client.get(reverse("orders:detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Setujui harga dan minta e-billing" in text and "Approve the price" not in text


def test_switching_back_to_indonesian_restores_it(client, db):
    _switch_to_english(client)
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Layanan Kalibrasi" in client.get(reverse("home")).content.decode()


def _po_entries(path: Path):
    """(msgctxt, msgid, [msgstr...], flags) for each entry of a .po file (blocks separated by blank lines),
    the header excluded."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, flags, current = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            else:
                current, literal = line.split(" ", 1)
                fields[current] = ast.literal_eval(literal)
        if fields.get("msgid"):
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields.get("msgctxt"), fields["msgid"], strs, flags))
    return entries


def test_every_english_entry_is_translated_and_compiled():
    entries = _po_entries(LOCALE_DIR / "django.po")
    assert len(entries) > 500
    fuzzy = [msgid for _ctx, msgid, _strs, flags in entries if "fuzzy" in flags]
    untranslated = [msgid for _ctx, msgid, strs, _flags in entries if not strs or not all(strs)]
    assert fuzzy == [] and untranslated == []

    with open(LOCALE_DIR / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for ctx, msgid, strs, _flags in entries:
        if len(strs) > 1:
            got = [compiled.npgettext(ctx, msgid, msgid, n) if ctx else compiled.ngettext(msgid, msgid, n)
                   for n in (1, 2)]
        else:
            got = [compiled.pgettext(ctx, msgid) if ctx else compiled.gettext(msgid)]
        if got != strs:
            stale.append(msgid)
    assert stale == [], "django.mo is older than django.po: run compilemessages"
