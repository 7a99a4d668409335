"""Benchmark (not a test): render-and-sign time per 2-page E-LHU, as step 19 and batch signing do it.

    .venv/bin/python bench/signing.py            # N = 20
    .venv/bin/python bench/signing.py -n 50 --profile

Builds a throw-away test database (test settings, in memory), one order driven to the lab through the
real services and one report whose results fill two pages; loads the signer once (as a batch does)
and times render_report + sign N times after one warm-up. Prints the median and the spread, and the
split between rendering (WeasyPrint) and signing (pyHanko). Target: median < 0.3 s per report.
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


def two_page_results() -> dict:
    import datetime as dt

    points = [{"nominal": f"{n}", "readings": [f"{n}.0002"] * 5, "mean_reading": f"{n}.0002", "correction": "-0.0002",
               "expanded_uncertainty": "0.00012", "unit": "g", "k": "2"} for n in range(10, 90, 10)]
    return {"calibration_date": dt.date(2026, 11, 20), "temperature": "20.3", "humidity": "55",
            "parameters": [{"name": "Penunjukan (linearitas)", "analyst": "Analis Satu", "points": points},
                           {"name": "Keberulangan", "analyst": "Analis Satu", "points": points[:4]}],
            "verified_by": "Penyelia Satu", "validated_by": "MT Satu", "analysts": ["Analis Satu"],
            "method": "IK-M-01 Kalibrasi timbangan elektronik",
            "standards": [{"name": "Anak timbangan F1", "identification": "ATF1-07", "certificate_number": "SNSU/0412",
                           "issuer": "SNSU BSN", "expanded_uncertainty": "0.03 mg", "traceability": "SI",
                           "valid_until": dt.date(2027, 3, 31)}]}


def page_count(pdf: bytes) -> int:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="timed reports (after one warm-up)")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of one report")
    parser.add_argument("--cpu", action="store_true",
                        help="measure CPU time of this process instead of wall time (on a busy shared machine)")
    parser.add_argument("--baseline", action="store_true",
                        help="without the optimisations (SVG QR code, garbage collector on, key parsed per signature)")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key (cumulative, tottime)")
    parser.add_argument("--dcc", action="store_true",
                        help="as step 19 does: build the DCC dated today and XML-sign it, render the PDF/A-3b with "
                             "it embedded, sign, and read the DCC back from the signed PDF (as it is kept)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)

    from accounts.seed import seed_accounts
    from catalog.seed import seed_catalog
    from certificates import content, services
    from certificates.demo import DEMO_PASSPHRASE, ensure_demo_keys
    from certificates.models import Report
    from demo import road as demo

    seed_catalog()
    users = seed_accounts()
    ensure_demo_keys()
    order = demo.drive(users, demo.new_order(users, "pelanggan", demo.demo_lines(count_mass=1, count_temp=0)), "IN_LAB")
    report = Report.objects.create(order=order, instrument=order.instruments.first(), number="0001/LHU/BENCH/XI/2026",
                                   numbered_by=users["ketua_pji"])
    data = two_page_results()
    content.results_of = lambda inst: data
    head = users["kepala_balai"]
    signer = services.unlock_signer(head, DEMO_PASSPHRASE)  # once, as a batch does
    if args.baseline:
        import gc

        from pyhanko.sign import signers as pyhanko_signers

        from certificates import signing
        from certificates.signers import LocalOpenSigner
        from core.pdf import qr_data_uri

        content.qr_png_data_uri = qr_data_uri
        content.gc = type("NoPause", (), {"isenabled": staticmethod(gc.isenabled), "disable": staticmethod(lambda: None),
                                          "enable": staticmethod(gc.enable)})
        plain = pyhanko_signers.SimpleSigner.load_pkcs12_data(signing.key_path(head).read_bytes(), other_certs=(),
                                                              passphrase=DEMO_PASSPHRASE.encode())
        signer = LocalOpenSigner(plain, None)

    clock = time.process_time if args.cpu else time.perf_counter

    from django.utils import timezone

    from certificates import dcc_issue

    dcc_times = []

    def one() -> tuple[float, float, int]:
        t0 = clock()
        xml = dcc_issue.issued_dcc(report, signer, timezone.localdate(), head) if args.dcc else None
        td = clock()
        pdf = content.render_report(report, draft=False, signer=head, dcc=xml)
        t1 = clock()
        signed = signer.sign(pdf, name=head.full_name, reason=f"E-LHU {report.number}", location="bench")
        if args.dcc:
            assert dcc_issue.embedded_dcc(signed) == xml
        t2 = clock()
        dcc_times.append(td - t0)
        return t1 - t0, t2 - t1, page_count(pdf)

    _, _, pages = one()  # warm-up: fonts, templates, CSS
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        one()
        prof.disable()
        pstats.Stats(prof).sort_stats(args.sort).print_stats(30)
    renders, signs = [], []
    for _ in range(args.n):
        r, s, _pages = one()
        renders.append(r)
        signs.append(s)
    if not args.n:
        return
    totals = [r + s for r, s in zip(renders, signs)]
    print(f"pages per report: {pages}")
    print(f"reports timed: {args.n}")
    print(f"clock: {'CPU time (process_time)' if args.cpu else 'wall time (perf_counter)'}"
          f"{' · BASELINE (no optimisations)' if args.baseline else ''}")
    print(f"render+sign median {statistics.median(totals):.3f} s  (min {min(totals):.3f}, max {max(totals):.3f})")
    print(f"  render median {statistics.median(renders):.3f} s, sign median {statistics.median(signs):.3f} s")
    if args.dcc:
        print(f"  of the render: DCC built, validated and XML-signed, median {statistics.median(dcc_times[-args.n:]):.3f} s")
    print("target < 0.300 s:", "met" if statistics.median(totals) < 0.3 else "NOT met")


if __name__ == "__main__":
    main()
