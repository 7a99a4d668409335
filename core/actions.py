"""The one way views run a service on a user's behalf and tell the user how it went."""
from django.contrib import messages

from core.middleware import message_of, user_errors


def run_service(request, call, success):
    """Call `call()`. On success show `success` (a message, or a function of the result giving one)
    and return the result; when the service refuses, show its reason and return None."""
    try:
        result = call()
    except user_errors() as exc:
        messages.error(request, message_of(exc))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


def run_form_service(request, form, invalid_message, call, success):
    """Validate `form`: when invalid show `invalid_message` and return None; else run
    `call(form.cleaned_data)` as `run_service` does."""
    if not form.is_valid():
        messages.error(request, invalid_message)
        return None
    return run_service(request, lambda: call(form.cleaned_data), success)
