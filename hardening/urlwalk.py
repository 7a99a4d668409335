"""Every URL pattern of the project, by name, with the names of its arguments."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Whole URL trees the matrix does not request, and why.
EXCLUDED_PREFIXES = (
    "admin/",  # Django's admin: its own staff-only login and permissions, tested by Django itself
    "i18n/",   # set_language: a POST that sets the language cookie and the person's own saved language
    "static/",  # static files: public by design
)


@dataclass(frozen=True)
class UrlPattern:
    name: str
    route: str
    args: tuple[str, ...]


def _walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = ":".join(x for x in (namespace, ns) if x) if ns else namespace
            yield from _walk(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            route = prefix + str(entry.pattern)
            yield UrlPattern(name or f"<unnamed {route}>", route, tuple(entry.pattern.regex.groupindex))


def project_urls() -> list[UrlPattern]:
    return [u for u in _walk(get_resolver()) if not u.route.lstrip("^").startswith(EXCLUDED_PREFIXES)]
