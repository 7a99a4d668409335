"""Reading a re-rendered form the way a person sees it: the value typed into a field, and the error
message shown beside it (in the field's own box, not only at the top of the page)."""
from __future__ import annotations

import lxml.html


def _doc(html):
    return lxml.html.fromstring(html if isinstance(html, str) else html.decode())


def _fields(doc, name: str, action: str | None = None):
    xpath = f'//form[@action="{action}"]//*[@name="{name}"]' if action else f'//*[@name="{name}"]'
    return doc.xpath(xpath)


def shown_value(html, name: str, action: str | None = None) -> str | None:
    """What the field `name` (in the form posting to `action`) shows: an input's value, a textarea's
    text, a select's chosen option. None when the page has no such field."""
    found = _fields(_doc(html), name, action)
    if not found:
        return None
    el = found[0]
    if el.tag == "textarea":
        return el.text_content().strip("\n")
    if el.tag == "select":
        chosen = el.xpath(".//option[@selected]")
        return chosen[0].get("value") if chosen else None
    if el.get("type") in ("checkbox", "radio"):
        checked = [e for e in found if e.get("checked") is not None]
        return checked[0].get("value", "on") if checked else None
    return el.get("value", "")


def error_beside(html, name: str, action: str | None = None) -> str:
    """The error text shown in the box of field `name` (its nearest `.has-error` ancestor), or ''."""
    found = _fields(_doc(html), name, action)
    if not found:
        return ""
    box = found[0].xpath('ancestor::*[contains(concat(" ", normalize-space(@class), " "), " has-error ")][1]')
    if not box:
        return ""
    return " ".join(e.text_content().strip() for e in box[0].xpath('.//*[contains(@class, "errorlist")]'))


def form_errors(html, action: str) -> str:
    """Every error text inside the form posting to `action` (field and form-wide)."""
    doc = _doc(html)
    form = f'//form[@action="{action}"]' if action else "//form"
    return " ".join(e.text_content().strip() for e in doc.xpath(f'{form}//*[contains(@class, "errorlist")]'))
