"""`Authorization: Bearer <token>`: the token's user acts through the API, limited by its scopes.

No token, an unknown or revoked one, or one of an inactive account: 401. A valid token without the
endpoint's scope: 403."""
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from api.models import ApiToken, Scope, hash_key

# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


class TokenAuth(HttpBearer):
    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        try:
            api_token = ApiToken.objects.live().select_related("user", "user__company").get(
                key_hash=hash_key(token))
        except ApiToken.DoesNotExist:
            return None
        if not api_token.has_scope(self.scope):
            raise AuthorizationError(message=_("Token ini tidak memiliki cakupan “%(scope)s”.")
                                     % {"scope": self.scope})
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token
        return api_token


read_auth = TokenAuth(Scope.READ)
transitions_auth = TokenAuth(Scope.TRANSITIONS)
