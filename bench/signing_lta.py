"""Benchmark (not a test): CPU time of one PAdES signature at each level, with the demo PKI, on the same
PDF, with one open signer (as a batch keeps it): B-B (no timestamp), B-T (signature timestamp) and
B-LTA (signature timestamp, certificates and CRL in the DSS, document timestamp), and one archival
timestamp on a B-LTA file.

    .venv/bin/python bench/signing_lta.py -n 20
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sippt.settings_test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="signatures per level (after one warm-up)")
    args = parser.parse_args()
    import django

    django.setup()
    from certificates import ltv, pki
    from certificates.signers import LocalOpenSigner, long_term_setup
    from certificates.tests.test_ltv import blank_pdf, demo_signer

    from certificates.signing import _kept_key_signer

    signer = _kept_key_signer(demo_signer("Bench"))  # as load_signer gives it
    tsa, context = long_term_setup(signer.signing_cert)
    pdf = blank_pdf()
    levels = {"B-B": LocalOpenSigner(signer, None, None), "B-T": LocalOpenSigner(signer, tsa, None),
              "B-LTA": LocalOpenSigner(signer, tsa, context)}
    for level, open_signer in levels.items():
        open_signer.sign(pdf, name="x", reason="y", location="z")  # warm-up
        times = []
        for _ in range(args.n):
            start = time.process_time()
            open_signer.sign(pdf, name="x", reason="y", location="z")
            times.append(time.process_time() - start)
        print(f"{level:6} sign CPU median {statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f})")
    signed = levels["B-LTA"].sign(pdf, name="x", reason="y", location="z")
    timestamper, archive_context = pki.timestamper(), ltv.validation_context()
    times = []
    for _ in range(args.n):
        start = time.process_time()
        ltv.add_archival_timestamp(signed, timestamper, archive_context)
        times.append(time.process_time() - start)
    print(f"archival timestamp CPU median {statistics.median(times) * 1000:.1f} ms")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
