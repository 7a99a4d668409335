"""Django's cached template loader, keeping each template compiled once per language with its constant
text resolved: a `{% trans "…" %}` (or a `{% blocktrans %}` without variables) becomes the text it
translates to, and a `{% url "name" %}` whose name and arguments are all written in the template becomes
the path it reverses to, remembered per script prefix.

Rendered afresh, a `{% trans %}` costs ~7 µs and a `{% url %}` ~14 µs: a page shows 20–40 and 6–16 of
them, the same words and paths every time. Resolved once per process and language, they cost what text
costs. What may differ between two renders is left alone: a translation inside `{% language %}` (another
language than the template's), with a filter, a variable, a context given by a variable or `as` a
variable; a URL with any variable, or `as` a variable.

A template is looked up in the language active when it is fetched (`get_template`, `render_to_string`,
`{% include %}` and `{% extends %}` all fetch it while the page's language is active); it must be
rendered in that language, as every caller here does (`translation.override` around fetch and render).
"""
from __future__ import annotations

from django.template import Context, Variable
from django.template.base import NodeList, TextNode
from django.template.defaulttags import URLNode
from django.template.loaders import cached
from django.templatetags.i18n import BlockTranslateNode, LanguageNode, TranslateNode
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language, gettext


class Loader(cached.Loader):
    def cache_key(self, template_name, skip=None):
        return f"{super().cache_key(template_name, skip)}@{get_language()}"

    def get_template(self, template_name, skip=None):
        fresh = self.cache_key(template_name, skip) not in self.get_template_cache
        template = super().get_template(template_name, skip)
        if fresh:
            resolve_constants(template.nodelist)
            template.nodelist = _KeptNodeList(template.nodelist)
        return template


class _KeptNodeList(NodeList):
    """A kept template's top node list, which remembers its nodes by type: `{% extends %}` asks its parent
    for every block on each render, a walk of the whole parent (~0.1 ms for base.html). The nodes of a kept
    template no longer change once it is loaded."""

    def __init__(self, nodes):
        super().__init__(nodes)
        self.contains_nontext = nodes.contains_nontext
        self._by_type: dict = {}

    def get_nodes_by_type(self, nodetype):
        found = self._by_type.get(nodetype)
        if found is None:
            found = self._by_type[nodetype] = super().get_nodes_by_type(nodetype)
        return list(found)


def _constant(expression) -> bool:
    """Whether a compiled filter expression is a value written in the template (a string, or a number: a
    Variable with its literal), without filters."""
    var = expression.var
    return not expression.filters and (not isinstance(var, Variable) or var.literal is not None)


def _constant_translation(node) -> str | None:
    if isinstance(node, TranslateNode):
        var = node.filter_expression.var
        if (node.asvar is None and node.message_context is None and not node.filter_expression.filters
                and isinstance(var, Variable) and var.literal is not None):
            return node.render(Context())
    elif isinstance(node, BlockTranslateNode):
        if node.asvar is None and node.plural is None and not node.extra_context and node.message_context is None:
            singular, names = node.render_token_list(node.singular)
            if not names:
                try:
                    return gettext(singular) % {}  # as the node renders it: "%%" is "%"
                except (KeyError, ValueError):
                    return None  # a malformed translation: the node itself deals with it
    return None


class ConstantURLNode(URLNode):
    """A `{% url %}` of constants: reversed once per script prefix and application namespace."""

    def __init__(self, node: URLNode):
        super().__init__(node.view_name, node.args, node.kwargs, None)
        self.token, self.origin = node.token, node.origin
        self._known: dict = {}

    def render(self, context):
        # the application namespace as URLNode finds it: the request's current_app, else its view's namespace
        request = getattr(context, "request", None)
        try:
            current_app = request.current_app
        except AttributeError:
            try:
                current_app = request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = (get_script_prefix(), current_app)
        url = self._known.get(key)
        if url is None:
            url = self._known[key] = reverse(
                self.view_name.resolve(context), args=[arg.resolve(context) for arg in self.args],
                kwargs={name: value.resolve(context) for name, value in self.kwargs.items()}, current_app=current_app)
        return conditional_escape(url) if context.autoescape else url


def _nodelists(node):
    if hasattr(node, "conditions_nodelists"):  # {% if %}: its branches
        return [nodelist for _condition, nodelist in node.conditions_nodelists]
    return [getattr(node, name) for name in node.child_nodelists if getattr(node, name, None) is not None]


def resolve_constants(nodelist) -> None:
    """Replace, in place and in every nested node list, the translations and URLs of constants."""
    for index, node in enumerate(nodelist):
        if isinstance(node, LanguageNode):
            continue  # rendered in another language than the template's
        text = _constant_translation(node)
        if text is not None:
            replacement = TextNode(text)
            replacement.token, replacement.origin = node.token, node.origin
            nodelist[index] = replacement
            continue
        if type(node) is URLNode and node.asvar is None and _constant(node.view_name) and all(
                _constant(arg) for arg in node.args) and all(_constant(v) for v in node.kwargs.values()):
            nodelist[index] = ConstantURLNode(node)
            continue
        for child in _nodelists(node):
            resolve_constants(child)
