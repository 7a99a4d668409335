"""`{% survey_status order user as s %}` for pages other than the order page (whose view gives it as
`survey`): survey/panels.py."""
from django import template

from survey.panels import survey_status as status

register = template.Library()


@register.simple_tag
def survey_status(order, user):
    return status(order, user)
