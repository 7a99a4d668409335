"""Links to many objects of one kind on a page without resolving the URL pattern for every row: the
pattern is reversed once per process with a placeholder id, and each row's link is joined from its two
halves (`{{ obj.pk|link:order_link }}`). Reversing costs ~50 µs; joining, ~1 µs."""
from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = "9081726354"


def link_of(name: str, *before) -> tuple[str, str]:
    """(head, tail) of the URL named `name` whose last argument is an object's id; `before` are the
    arguments in front of it (constants of the page)."""
    return _link_of(get_script_prefix(), get_urlconf(), name, *before)


@lru_cache(maxsize=256)
def _link_of(prefix, urlconf, name: str, *before) -> tuple[str, str]:
    url = reverse(name, args=[*before, _PLACEHOLDER], urlconf=urlconf)
    head, _sep, tail = url.rpartition(_PLACEHOLDER)
    return head, tail


def link(pk, parts: tuple[str, str]) -> str:
    return f"{parts[0]}{pk}{parts[1]}"
