"""The TOTP second factor (django-otp): required for the head of centre, optional for other staff."""

# The demo head of centre's authenticator secret (base32), documented in README's demo accounts.
# Seeded only by the demo seed; never valid on a real installation.
DEMO_TOTP_SECRET = "SIPPTKALIBRASIDEMOKEPALABALAI234"
