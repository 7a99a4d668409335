from django.utils.functional import SimpleLazyObject


def inbox_counts(request):
    """The sidebar's inbox counts and the version its cache is kept under. Both lazy: a page whose
    sidebar is cached (templates/base.html) counts nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from workflow import inbox_cache
    from workflow.inbox import inbox_counts as counts

    return {"inbox_counts": SimpleLazyObject(lambda: counts(user)),
            "inbox_version": SimpleLazyObject(lambda: inbox_cache.version(user))}
