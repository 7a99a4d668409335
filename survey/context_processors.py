def ikm(request):
    """Whether the reader may see the satisfaction index (the sidebar's link)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from survey.services import IKM_READERS

    return {"sees_ikm": bool(user.role_codes & IKM_READERS)}
