"""The one web view that takes a plain step (no input, a note, a reason or a small form of its own):
`POST /workflow/step/<code>/<pk>/`, and the older URLs of the apps, which call it with their code.

The item is fetched through its subject's page (404 when the person may not see it); the step's form
is validated; its service runs through `workflow.actions`. Done or refused by the engine: back to the
item's page with the message. Invalid input, or input the service refuses (a ValidationError): the
item's page is shown again (200) with the form as typed and the message beside the field.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.middleware import message_of, user_errors
from workflow import actions


def take_step(request, code: str, pk: int):
    """Run step `code` on item `pk` for the request (the body of every step view)."""
    step = actions.STEPS.get(code)
    if step is None or step.own_page or step.subject not in actions.PAGES:
        raise Http404
    page = actions.page(step.subject)
    obj = page.get(request, pk, step)
    form = step.make_form(request.POST)
    if form is None:
        try:
            result = step.call(request.user, obj.pk, {})
        except user_errors() as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(request, step.message(result, {}))
        return redirect(page.home, obj.pk)
    if form.is_valid():
        try:
            result = step.call(request.user, obj.pk, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else next(iter(form.fields)), exc)
        except user_errors() as exc:
            messages.error(request, message_of(exc))
            return redirect(page.home, obj.pk)
        else:
            messages.success(request, step.message(result, form.cleaned_data))
            return redirect(page.home, obj.pk)
    # the form comes back to the address it was sent to (the generic one, or an older one of its app)
    filled = {"step_forms": {code: form}, "step_actions": {code: request.path}}
    if step.form_name:
        filled[step.form_name] = form
    return page.show(request, obj, filled)


@login_required
@require_POST
def step_view(request, code, pk):
    return take_step(request, code, pk)
