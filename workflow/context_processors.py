from workflow.inbox import inbox_counts as _counts


def inbox_counts(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_counts": _counts(user)}
