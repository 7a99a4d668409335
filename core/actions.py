"""The one way views run a service on a user's behalf and tell the user how it went."""
from django.contrib import messages
from django.core.exceptions import ValidationError

from core.middleware import message_of
from workflow.engine import TransitionNotAllowed

USER_ERRORS = (TransitionNotAllowed, ValidationError)


def run_service(request, call, success):
    """Call `call()`. On success show `success` (a message, or a function of the result giving one)
    and return the result; when the service refuses, show its reason and return None."""
    try:
        result = call()
    except USER_ERRORS as exc:
        messages.error(request, message_of(exc))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
