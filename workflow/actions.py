"""One mapping from a transition code to the service that takes it, shared by every front end.

Each app registers, from its `workflow.py`, a `Step` for every code a person takes on a page or through
the API: the service to call, `(user, pk, data) -> result` where `data` is the cleaned data of the
step's form (or the API body, or what the demo types), the Django form of its typed input, the message
shown when it is done, and the subject whose id is in the URL. The web's generic step view
(`workflow.views.step_view`), the `{% step_form %}` tag (`workflow/templatetags/steps.py`), the API's
transition operations and the demo road all run a step through `run()`, so a code reaches one service
whichever way it comes.

A step whose input is a page of its own (the results grid, reception with sample numbers, the tariff
with per-line amounts, signing with the passphrase, an upload) is registered with `own_page` saying
so: the API and the demo run its service, the generic form never renders it. Rows a person takes only
inside another step's service (the e-billing's own row, applied when the order's step runs) are listed
with `elsewhere()` and the reason, so that every human row of the SOP table is accounted for.

Like the subject registry, this module stores what apps register and imports no app above it: forms,
services and pages are given as callables or dotted paths.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.utils.module_loading import import_string


def _resolve(value):
    return import_string(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Step:
    code: str  # a row's code: "order.validate"
    service: Callable[[Any, int, dict], Any] | str  # (user, pk, data) -> result
    subject: str  # whose id the URL carries ("order", "instrument", "complaint")
    form: type | str | None = None  # the Django form of its typed input (None: no input)
    success: Any = ""  # the message when done: a (lazy) string, or (result, data) -> string
    button: str = ""  # the submit button's words on the page
    auto_id: str | None = None  # ids of its form's fields ("validate_%s"), unique on the page
    form_name: str | None = None  # the name the page gives its form ("validate_form"), for templates
    slug: str | None = None  # its name in an older URL of its app ("reject-price"), if it has one
    fetch: str | None = None  # dotted path (request, pk) -> obj, when stricter than the subject's page
    own_page: str = ""  # why its input has a page of its own (then no generic form is rendered)

    def call(self, user, pk: int, data: dict | None = None):
        return _resolve(self.service)(user, pk, data or {})

    def form_class(self):
        return _resolve(self.form)

    def make_form(self, data=None):
        form_class = self.form_class()
        if form_class is None:
            return None
        return form_class(data, auto_id=self.auto_id or f"{self.code.replace('.', '_')}_%s")

    def message(self, result, data) -> str:
        return str(self.success(result, data) if callable(self.success) else self.success)


@dataclass(frozen=True)
class Page:
    """Where a subject's steps are taken on the web: how the item is fetched for the person (404 when
    they may not see it), the page shown again with a form sent back with an error, and the URL name of
    that page (taking the item's id)."""
    subject: str
    fetch: str  # dotted path (request, pk) -> obj
    render: str  # dotted path (request, obj, filled: dict) -> response
    home: str  # URL name of the item's page, reversed with its id

    def get(self, request, pk, step: Step | None = None):
        return import_string(step.fetch if step is not None and step.fetch else self.fetch)(request, pk)

    def show(self, request, obj, filled: dict):
        return import_string(self.render)(request, obj, filled)


STEPS: dict[str, Step] = {}
PAGES: dict[str, Page] = {}
ELSEWHERE: dict[str, str] = {}  # codes taken only inside another step's service or page: why


def register(*steps: Step, page: Page | None = None, elsewhere: dict[str, str] | None = None) -> None:
    """Called from an app's `register_all()`. The same step registered again (apps reloaded in a test)
    is a no-op; two different steps for one code are an error."""
    if page is not None:
        if PAGES.get(page.subject, page) != page:
            raise ValueError(f"page of {page.subject} registered twice")
        PAGES[page.subject] = page
    for step in steps:
        if STEPS.get(step.code, step) != step:
            raise ValueError(f"step {step.code} registered twice")
        STEPS[step.code] = step
    for code, reason in (elsewhere or {}).items():
        ELSEWHERE[code] = reason


def step(code: str) -> Step:
    """The registered step of `code` (KeyError when no app offers it)."""
    return STEPS[code]


def by_slug(subject: str, slug: str) -> Step | None:
    return next((s for s in STEPS.values() if s.subject == subject and s.slug == slug), None)


def run(code: str, user, pk: int, data: dict | None = None):
    """Take step `code` on item `pk` as `user` through its registered service."""
    return STEPS[code].call(user, pk, data)


def page(subject: str) -> Page:
    return PAGES[subject]


def play(moves) -> list:
    """Take each move `(user, code, pk, data)` in order through its registered service (the demo road,
    a script); returns the services' results."""
    return [run(code, user, pk, data) for user, code, pk, data in moves]
