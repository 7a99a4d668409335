"""`{% survey_status order user as s %}` for pages other than the order page (whose view gives it as
`survey`): survey/panels.py."""
from django import template

from survey.panels import survey_status as status

register = template.Library()


@register.simple_tag
def survey_status(order, user):
    return status(order, user)


_SCORE_WORDS: dict = {}


@register.simple_tag
def score_items(response):
    """The <li> of each of the nine scores of a survey response ("label: score (score's name)"), as
    `response.rows` gives them, with the labels and the scores' names translated once per language and
    process (translations are fixed while it runs)."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from core.html import escape
    from survey.models import ELEMENTS, Score

    language = get_language()
    words = _SCORE_WORDS.get(language)
    if words is None:
        words = _SCORE_WORDS[language] = (
            [(name, escape(label)) for name, label, _question in ELEMENTS],
            {value: escape(label) for value, label in Score.choices})
    elements, scores = words
    return mark_safe("".join(
        f"<li>{label}: {escape(getattr(response, name))} ({scores[getattr(response, name)]})</li>"
        for name, label in elements))
