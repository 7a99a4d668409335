"""Templates kept per language with their constant translations and URLs resolved render exactly what
Django's own loader renders, in each language, under any script prefix."""
import pytest
from django.template import Context, Engine
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

from core.template_loader import ConstantURLNode

SOURCE = """{% load i18n %}<h1>{% trans "Kotak kerja" %}</h1>
<p>{% blocktrans %}Pesanan saya{% endblocktrans %} · {% blocktrans with n=count %}{{ n }} pesanan{% endblocktrans %}</p>
<p>{% trans word %} {% trans "Keluar"|upper %} {% trans "Masuk" as login %}{{ login }}</p>
{% language "en" %}<p>{% trans "Beranda" %}</p>{% endlanguage %}
{% if show %}<a href="{% url 'orders:list' %}">{% trans "Semua pesanan" %}</a>{% else %}{% trans "Pengaduan" %}{% endif %}
{% for i in items %}<a href="{% url 'orders:detail' i %}">{% trans "Buat pesanan" %}</a>{% endfor %}
<a href="{% url 'orders:detail' 7 %}">{% url 'orders:list' as listed %}{{ listed }}</a>
"""
TEMPLATES = {"page.html": SOURCE}
LIBRARIES = {"i18n": "django.templatetags.i18n"}
CONTEXT = {"count": 3, "word": "Bahasa", "show": True, "items": [1, 2]}


def _engines():
    ours = Engine(loaders=[("core.template_loader.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])],
                  libraries=LIBRARIES)
    django = Engine(loaders=[("django.template.loaders.locmem.Loader", TEMPLATES)], libraries=LIBRARIES)
    return ours, django


@pytest.mark.parametrize("language", ["id", "en"])
def test_renders_what_djangos_loader_renders(language):
    ours, django = _engines()
    for _ in range(2):  # the second render is the kept template's
        for show in (True, False):
            with translation.override(language):
                mine = ours.get_template("page.html").render(Context({**CONTEXT, "show": show}))
                theirs = django.get_template("page.html").render(Context({**CONTEXT, "show": show}))
            assert mine == theirs


def test_each_language_its_own_template_and_words():
    ours, _django = _engines()
    with translation.override("id"):
        indonesian = ours.get_template("page.html").render(Context(CONTEXT))
    with translation.override("en"):
        english = ours.get_template("page.html").render(Context(CONTEXT))
    with translation.override("id"):
        again = ours.get_template("page.html").render(Context(CONTEXT))
    assert indonesian == again and "<h1>Kotak kerja</h1>" in indonesian and "Semua pesanan" in indonesian
    assert "<h1>Work inbox</h1>" in english and "All orders" in english
    # the {% language %} block keeps its own language in both
    assert "<p>Home</p>" in indonesian and "<p>Home</p>" in english and "Beranda" not in indonesian


def test_constant_urls_follow_the_script_prefix():
    ours, django = _engines()
    with translation.override("id"):
        template = ours.get_template("page.html")
        # the constant links are resolved ones; the one of a variable and the one kept `as` a variable are not
        assert len(template.nodelist.get_nodes_by_type(ConstantURLNode)) == 2
        before = get_script_prefix()
        try:
            set_script_prefix("/kalibrasi/")
            mine = template.render(Context(CONTEXT))
            theirs = django.get_template("page.html").render(Context(CONTEXT))
        finally:
            set_script_prefix(before)
        assert mine == theirs and 'href="/kalibrasi/' in mine
        assert template.render(Context(CONTEXT)) == django.get_template("page.html").render(Context(CONTEXT))
