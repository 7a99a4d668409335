"""Long-term signatures (PAdES B-LTA) with pyHanko: the validation context signing uses to put the
certificates and CRLs into the document security store (DSS), the AdES long-term validation of a
signed E-LHU, its signature level (B-B, B-T, B-LT, B-LTA), the expiry of its last document timestamp,
and the archival document timestamp that renews it (manage.py archive_timestamps).

Nothing here goes to the network unless settings.SIGNING_FETCH_REVOCATION is on (production, for the
BSrE CA's CRLs/OCSP): the demo CA's CRL is handed to pyHanko directly (certificates.pki).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings

from certificates import pki, signing

B_B, B_T, B_LT, B_LTA = "B-B", "B-T", "B-LT", "B-LTA"


def _fetching() -> bool:
    return bool(getattr(settings, "SIGNING_FETCH_REVOCATION", False))


def known_crls() -> list:
    """CRLs known without fetching: the demo CA's, when this installation has one."""
    from certificates.demo import CA_CERT_FILE

    if not (pki.folder() / CA_CERT_FILE).is_file():
        return []
    return [pki.crl()]


def validation_context(at: dt.datetime | None = None, *, crls: list | None = None):
    """The pyhanko_certvalidator context used when signing (to collect what goes into the DSS) and
    when renewing timestamps: the trusted roots (certificates.signing.trust_roots), the known CRLs,
    revocation information required. One context can serve a whole batch: it keeps what it checked."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=signing.trust_roots(), crls=known_crls() if crls is None else crls,
                             allow_fetching=_fetching(), moment=at,
                             revocation_mode="hard-fail" if not _fetching() else "soft-fail")


def _spec(crls: list | None = None):
    from pyhanko.sign.validation.policy_decl import (
        LocalKnowledge,
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
    from pyhanko_certvalidator.registry import SimpleTrustManager
    from pyhanko_certvalidator.revinfo.archival import CRLContainer

    rule = RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH if _fetching() else RevinfoOnlineFetchingRule.LOCAL_ONLY
    knowledge = LocalKnowledge(known_crls=[CRLContainer(c) for c in (crls or [])])
    return PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=signing.trust_roots()),
            revinfo_policy=CertRevTrustPolicy(revocation_checking_policy=REQUIRE_REVINFO)),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=rule),
        local_knowledge=knowledge))


@dataclass
class LongTermCheck:
    """What the AdES long-term validation (ETSI EN 319 102-1 5.6.3) of the signature found."""

    level: str  # B-B, B-T, B-LT or B-LTA: what the file carries
    passed: bool  # the AdES verdict is PASSED (intact, trusted, not revoked at the proven time)
    indication: str  # the AdES subindication, e.g. "OK", "REVOKED", "NO_CERTIFICATE_CHAIN_FOUND"
    revoked: bool = False
    signature_time: dt.datetime | None = None  # the best proven time of the signature
    oldest_archive_time: dt.datetime | None = None  # the first document timestamp, B-LTA only


def _reader(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf), strict=False)


def level_of(reader) -> str:
    """The PAdES baseline level a signed PDF carries (of its last regular signature): B-T when the
    signature has a signature timestamp, B-LT when the DSS holds validation data as well, B-LTA when
    a document timestamp follows."""
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return ""
    sig = signatures[-1]
    level = B_T if has_signature_timestamp(sig) else B_B
    dss = reader.root.get("/DSS")
    has_dss = dss is not None and ("/Certs" in dss.get_object() and
                                   ("/CRLs" in dss.get_object() or "/OCSPs" in dss.get_object()))
    if has_dss:
        level = B_LT if level == B_T else level
        after = [ts for ts in reader.embedded_timestamp_signatures if ts.signed_revision > sig.signed_revision]
        if after and level == B_LT:
            level = B_LTA
    return level


def has_signature_timestamp(sig) -> bool:
    """Whether an embedded signature carries an RFC 3161 signature timestamp (an unsigned attribute)."""
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    return next(extract_tst_data_iter(sig.signer_info, signed=False), None) is not None


def signature_level(pdf: bytes) -> str:
    try:
        return level_of(_reader(pdf))
    except Exception:  # noqa: BLE001 -- not a readable signed PDF: no level
        return ""


def check_long_term(pdf: bytes, at: dt.datetime | None = None, *, crls: list | None = None) -> LongTermCheck:
    """The AdES long-term validation of the last signature of `pdf` at `at` (default now), with only
    this installation's trusted roots, the validation data inside the file (DSS) and `crls` (default
    none beyond the file's own; pass the current CRL to learn of a revocation published since)."""
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESStatus
    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko_certvalidator.ltv.types import ValidationTimingInfo

    reader = _reader(pdf)
    sig = reader.embedded_regular_signatures[-1]
    level = level_of(reader)
    when = at or dt.datetime.now(dt.timezone.utc)
    timing = ValidationTimingInfo(validation_time=when, best_signature_time=when, point_in_time_validation=False)
    result = asyncio.run(ades_lta_validation(sig, _spec(crls), timing_info=timing))
    indic = result.ades_subindic
    revoked = indic in (AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE)
    revoked = revoked or bool(result.api_status is not None and result.api_status.revoked)
    return LongTermCheck(level=level, passed=indic.status == AdESStatus.PASSED, indication=indic.name,
                         revoked=revoked, signature_time=result.best_signature_time,
                         oldest_archive_time=result.oldest_evidence_record_timestamp)


def last_timestamp_expiry(pdf: bytes) -> dt.datetime | None:
    """When the TSA certificate of the last document timestamp of `pdf` expires (None: no document
    timestamp). After that moment, only a newer archival timestamp keeps the chain of proof going."""
    reader = _reader(pdf)
    stamps = reader.embedded_timestamp_signatures
    if not stamps:
        return None
    cert = stamps[-1].signer_cert
    return cert["tbs_certificate"]["validity"]["not_after"].native


def add_archival_timestamp(pdf: bytes, timestamper=None, context=None) -> bytes:
    """`pdf` with one more incremental revision: the validation data of its last document timestamp
    added to the DSS, then a new document timestamp (pyHanko's update_archival_timestamp_chain). The
    bytes before it are untouched, so every earlier revision and signature stays as it was."""
    from pyhanko.sign.signers import PdfTimeStamper

    timestamper = timestamper or archive_timestamper()
    out = PdfTimeStamper(timestamper).update_archival_timestamp_chain(
        _reader(pdf), context or validation_context(), in_place=False)
    return out.getvalue()


def archive_timestamper():
    """The TSA for archival timestamps: settings.TSA_URL when configured (production: BSrE's TSA),
    else the demo TSA of certificates.pki."""
    from certificates.signers import timestamper

    return timestamper() or pki.timestamper()


def extend_to_lta(pdf: bytes, timestamper, context=None) -> bytes:
    """A PDF signed elsewhere (BSrE) made long-term: the validation data of its last signature into
    the DSS, then a document timestamp (with that timestamp's own data added later by the archival
    command). The signature itself is not changed: whether it carries a signature timestamp (B-T) is
    up to the service that made it; without one, the document timestamp is the first proof of time."""
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.validation import add_validation_info

    context = context or validation_context()
    reader = _reader(pdf)
    sig = reader.embedded_regular_signatures[-1]
    with_dss = add_validation_info(sig, context, in_place=False).getvalue()
    out = PdfTimeStamper(timestamper).update_archival_timestamp_chain(_reader(with_dss), context, in_place=False)
    return out.getvalue()


class _KnownNoFetching:
    """pyHanko warns at every signature that revocation data will be embedded with fetching off; here
    that is the intent (the demo CA's CRL is handed over directly), so the warning is dropped."""

    def filter(self, record) -> bool:
        return "fetching is not allowed" not in record.getMessage()


import logging  # noqa: E402

logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_KnownNoFetching())
