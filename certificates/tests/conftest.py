"""Fixtures for the report tests: orders on the road to their reports, and checking signed PDFs."""
import io

import pytest

from certificates.demo import DEMO_PASSPHRASE, demo_ca_certificate_der, ensure_demo_keys


@pytest.fixture
def small_order_at(order_at):
    """order_at for an order of a single balance: quicker where the number of reports does not matter."""
    from demo.road import demo_lines

    return lambda milestone: order_at(milestone, lines=demo_lines(count_mass=1, count_temp=0))


@pytest.fixture
def ready(order_at):
    """An order whose instruments are all validated (RESULTS_READY), driven through the real services."""
    return order_at("RESULTS_READY")


@pytest.fixture
def awaiting_signature(users, small_order_at):
    ensure_demo_keys()
    return small_order_at("AWAITING_SIGNATURE")


@pytest.fixture
def passphrase():
    return DEMO_PASSPHRASE


def signature_status(pdf: bytes):
    """pyHanko's validation of the (single) signature in `pdf`, trusting the demo CA."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    ca = x509.Certificate.load(demo_ca_certificate_der())
    reader = PdfFileReader(io.BytesIO(pdf))
    [embedded] = reader.embedded_regular_signatures  # a B-LTA report also has document timestamps
    return embedded, validate_pdf_signature(embedded, ValidationContext(trust_roots=[ca], allow_fetching=False))


def pdf_text(pdf: bytes, tmp_path) -> str:
    import subprocess

    from conftest import need_tool

    need_tool("pdftotext")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture(autouse=True)
def signing_cache(settings, tmp_path_factory):
    """The signing cache (a batch's encrypted passphrase) in a folder of this test run."""
    settings.CACHES = {**settings.CACHES, "signing": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path_factory.mktemp("signing-cache"))}}
    return settings.CACHES["signing"]["LOCATION"]


@pytest.fixture
def asked_to_sign(users, order_at, monkeypatch):
    """asked_to_sign(n, signer=None) -> (order, reports): an order waiting at step 19 for `signer` (the
    head of centre) with n numbered reports and fixed results. Set up directly (the road to step 18 is
    tested elsewhere) so that many reports cost one order."""
    from certificates.models import Report
    from certificates.tests.test_report_pdf import SAMPLE
    from orders.models import Order
    from workflow.states import OrderState

    monkeypatch.setattr("certificates.content.results_of", lambda inst: SAMPLE)
    ensure_demo_keys()

    def make(n=1, signer=None):
        order = order_at("IN_LAB")
        Order.objects.filter(pk=order.pk).update(state=OrderState.AWAITING_SIGNATURE,
                                                  signer=signer or users["kepala_balai"])
        order.refresh_from_db()
        instruments = list(order.instruments.order_by("position", "id"))
        reports = [Report.objects.create(order=order, instrument=instruments[i % len(instruments)],
                                         number=f"{i + 1:04d}/LHU/UJI/{order.pk}/2026", numbered_by=users["ketua_pji"])
                   for i in range(n)]
        return order, reports
    return make


class LoopbackServer:
    """A tiny HTTP server on 127.0.0.1 in a thread; `handle(path, body) -> (status, content_type, bytes)`."""

    def __init__(self, handle):
        import http.server
        import threading

        outer = self
        self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 -- http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append((self.path, dict(self.headers), body))
                status, content_type, payload = handle(self.path, body)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback():
    servers = []

    def start(handle):
        server = LoopbackServer(handle)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.close()


def free_port_url() -> str:
    """The address of a port on 127.0.0.1 nobody listens on (a service that is down)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
