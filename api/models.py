"""Personal API tokens: a user's key for the REST API, limited by scopes and revocable.

Only a SHA-256 of the token is stored; the token itself is shown once, when it is made."""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "sippt_"


class Scope(models.TextChoices):
    READ = "read", _("Membaca pesanan, alat, dokumen")
    TRANSITIONS = "transitions", _("Menjalankan langkah SOP")


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama token"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, to recognise it in the list; not enough to use it.
    key_prefix = models.CharField(max_length=16, editable=False)
    scopes = models.JSONField(_("cakupan"), default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in self.scopes if s in Scope.values]

    @classmethod
    def issue(cls, user, name: str, scopes) -> tuple["ApiToken", str]:
        """A new token for `user`: returns the saved row and the raw token (shown once, never stored)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name.strip()[:100], key_hash=hash_key(raw), key_prefix=raw[:len(TOKEN_PREFIX) + 6],
            scopes=[s for s in Scope.values if s in set(scopes)],
        )
        return token, raw

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
