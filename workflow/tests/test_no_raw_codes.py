"""No raw code on a page: audit codes, role codes (SYSTEM), state codes and budget distribution codes
are always shown by their label, in Indonesian and in English.

Two checks: every template is read for variables that print a code as it is stored, and the pages
with histories and budgets are rendered in both languages and their visible text searched for codes.
"""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from lxml import html as lxml_html

from workflow.tests.test_audit_labels import audit_codes_written

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Stored codes a template must pass through a label (state_role, state_label, get_FOO_display, a filter).
RAW = re.compile(r"\{\{\s*[\w.]+\.(role|state|from_state|to_state|kind|distribution|source|status|outcome|actor_role)"
                 r"\s*\}\}|\{\{\s*(e|entry|audit|a)\.code\s*[|}]")
ATTRIBUTE = re.compile(r'\s(value|name|id|for|data-[\w-]+)="[^"]*"')
BUDGET_KINDS = {"type_a", "normal", "rectangular", "triangular", "u_shaped"}
ROLE_CODES = {"SYSTEM", "PELANGGAN", "KETUA_PJI", "KEPALA_BALAI", "BENDAHARA", "PENYELIA", "ANALIS"}


def test_no_template_prints_a_stored_code():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = ATTRIBUTE.sub("", line)  # a code in value="..." is sent back by a form, not read
            if RAW.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}:{n}: {RAW.search(line).group(0)}")
    assert not found, found


def visible_text(page: str) -> str:
    tree = lxml_html.fromstring(page)
    for bad in tree.xpath("//script|//style|//template"):
        bad.drop_tree()
    return " ".join(tree.text_content().split())


def raw_codes_in(text: str) -> list[str]:
    words = set(re.findall(r"[A-Za-z_]+(?:\.[a-z_]+)?", text))
    hits = sorted(words & (set(audit_codes_written()) | BUDGET_KINDS - {"normal"} | ROLE_CODES))
    return hits


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


@pytest.fixture
def busy_order(order_at, users):
    """A completed order whose history holds automatic (SYSTEM) steps and the actions recorded outside the
    SOP table that were once shown as codes."""
    from accounts.roles import SYSTEM, Role
    from workflow.engine import record

    order = order_at("COMPLETED")
    inst = order.instruments.first()
    record("results.attach", users["analis"], Role.ANALIS, instrument=inst, note="mentah.csv")
    record("results.withdraw_attachment", users["analis"], Role.ANALIS, instrument=inst, note="mentah.csv")
    record("refund.done", users["bendahara"], Role.BENDAHARA, order=order, note="SP2D 123")
    record("payment_notification.handled", users["bendahara"], Role.BENDAHARA, order=order, note="cek")
    record("catalog.import_tariffs", users["admin"], Role.ADMIN, order=order, note="impor")
    record("signing.delegation_saved", users["admin"], Role.ADMIN, order=order, note="Plh")
    record("document.download", None, SYSTEM, order=order, note="arsip")
    return order


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_order_timeline_and_audit_log_show_labels_not_codes(busy_order, users, login, language):
    client = login(users["cs"])
    text = _get(client, f"/orders/{busy_order.pk}/", language)
    assert not raw_codes_in(text), raw_codes_in(text)
    with translation.override(language):
        from workflow.registry import LABELS

        names = LABELS["results.attach"]
        assert (names[1] if language == "en" else names[0]) in text
    assert ("System" if language == "en" else "Sistem") in text
    assert "Sistem · Sistem" not in text and "System · System" not in text
    text = _get(login(users["kepala_balai"]), "/reports/audit/", language)
    assert not raw_codes_in(text), raw_codes_in(text)
    assert "IN_CALIBRATION" not in text and "AWAITING_SIGNATURE" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_account_review_history_shows_what_happened(users, login, language):
    from accounts.services import register_customer

    account = register_customer(full_name="Budi Santoso", email="budi@pt-contoh.co.id", phone="0812345678",
                                nik="3201010101010001", password="Rahasia-12345", company_name="PT Contoh Ukur",
                                npwp="0012345678901000", address="Jl. Industri 1, Bandung")
    text = _get(login(users["admin"]), f"/accounts/review/{account.pk}/", language)
    assert "account.visit" not in text and "account.register" not in text
    assert ("Opens the SIPPT site" if language == "en" else "Membuka situs SIPPT") in text
    assert not raw_codes_in(text), raw_codes_in(text)


@pytest.mark.parametrize("language, expected", [
    ("id", ["Tipe A (pembacaan berulang)", "Normal", "Segi empat", "Segitiga", "Bentuk U"]),
    ("en", ["Type A (repeated readings)", "Normal", "Rectangular", "Triangular", "U-shaped"]),
])
def test_the_uncertainty_budget_names_its_distributions(language, expected):
    row = {"name": "x", "sensitivity": "1", "u": "0.1", "contribution": "0.1", "dof": "inf", "index": "20.0"}
    budget = {"contributions": [dict(row, kind=k) for k in ("type_a", "normal", "rectangular", "triangular",
                                                             "u_shaped")],
              "u_c": "0.2", "nu_eff": "inf", "k": "2", "U": "0.4", "reported_U": "0.4", "reported_k": "2",
              "mean": "1", "reference_value": "1", "correction": "0"}
    with translation.override(language):
        page = render_to_string("results/_budget.html", {"b": budget})
    cells = [td.text_content() for td in lxml_html.fromstring(f"<div>{page}</div>").xpath("//tbody/tr/td[2]")]
    assert cells == expected


INDONESIAN_ROLE_NAMES = ("Kepala Balai", "Ketua Tim PJI", "Manajer Teknis", "Bendahara", "Admin Satker", "Penyelia")


@pytest.mark.django_db
def test_english_pages_name_roles_in_english(order_at, users, login):
    order = order_at("AWAITING_SIGNATURE")
    client = login(users["cs"])
    for url in ("/workflow/sop/", f"/orders/{order.pk}/", "/workflow/inbox/CS/"):
        text = _get(client, url, "en")
        found = [name for name in INDONESIAN_ROLE_NAMES if name in text]
        assert not found, (url, found)
        assert not raw_codes_in(text), (url, raw_codes_in(text))
    assert "Head of Centre" in _get(client, f"/orders/{order.pk}/", "en")
    assert "Kepala Balai" in _get(client, f"/orders/{order.pk}/", "id")
