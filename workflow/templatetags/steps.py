"""`{% step_form obj "order.validate" %}`: the form of a plain step, or nothing.

Nothing when the code is not among the page's allowed codes (`allowed_codes`, computed once by the
view; `actions` on pages that call them so; or `allowed=` for another item's codes). Otherwise the POST
form to the generic step URL (`workflow:step`) with the fields of the step's registered form: the form
sent back with an error when the page is shown again after an invalid POST (what was typed, the message
beside the field), else an empty one. Options keep each page's look: `button` (default: the step's
words), `button_class`, `para` (the button in a paragraph), and `summary` (the form folded in a
`<details>`, opened when it carries errors) with `summary_class` and `details_class`.
"""
from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from core.html import format_html
from django.utils.safestring import mark_safe

from workflow import actions

register = template.Library()


def _allowed(context, allowed):
    if allowed is not None:
        return allowed
    codes = context.get("allowed_codes")
    return codes if codes is not None else context.get("actions") or ()


def _form_of(context, step):
    form = (context.get("step_forms") or {}).get(step.code)
    if form is None and step.form_name:
        form = context.get(step.form_name)
    return form if form is not None else step.make_form()


def _action(context, code, obj) -> str:
    """The generic step URL; a form sent back with an error posts again where it was sent."""
    return (context.get("step_actions") or {}).get(code) or reverse("workflow:step", args=[code, obj.pk])


@register.simple_tag(takes_context=True)
def step_form(context, obj, code, button="", button_class="", para=False, summary="", summary_class="",
              details_class="", allowed=None):
    if code not in _allowed(context, allowed):
        return ""
    step = actions.step(code)
    if step.own_page:
        raise template.TemplateSyntaxError(f"{code} has a page of its own: {step.own_page}")
    form = _form_of(context, step)
    token = context.get("csrf_token")
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token) \
        if token and token != "NOTPROVIDED" else ""
    fields = mark_safe(render_to_string("core/form_fields.html", {"form": form})) if form is not None else ""
    submit = format_html('<button type="submit"{}>{}</button>',
                         format_html(' class="{}"', button_class) if button_class else "", button or step.button)
    if para:
        submit = format_html("<p>{}</p>", submit)
    html = format_html('<form method="post" action="{}">{}{}{}</form>',
                       _action(context, code, obj), csrf, fields, submit)
    if summary:
        html = format_html('<details{}{}><summary{}>{}</summary>\n  {}</details>',
                           format_html(' class="{}"', details_class) if details_class else "",
                           " open" if form is not None and form.errors else "",
                           format_html(' class="{}"', summary_class) if summary_class else "", summary, html)
    return html
