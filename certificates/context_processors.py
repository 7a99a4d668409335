from django.utils.functional import SimpleLazyObject


def signing(request):
    """Whether the reader may sign reports today (the sidebar's link), lazy: a cached sidebar asks nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from certificates.delegation import may_sign

    return {"may_sign_now": SimpleLazyObject(lambda: bool(may_sign(user)))}
