"""The privacy notice (UU 27/2022 on personal data protection): its version is stored with every
consent, so a change to the notice is a new version and the consent given to the old one stays known."""

PRIVACY_NOTICE_VERSION = "2026-11"
