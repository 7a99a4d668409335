"""A fake SIMPONI for the tests: a real HTTP server on 127.0.0.1 (port 0) in a thread, speaking the
shapes our client uses (billingcode_v4, inquirybilling), and producing activeinquiry pushes."""
from __future__ import annotations

import itertools
import json
import threading
import urllib.parse
from zoneinfo import ZoneInfo
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PUSH_USER, PUSH_PASSWORD = "simponi-push", "rahasia-uji"


class FakeSimponi:
    def __init__(self):
        self.requests: list[dict] = []
        self.billings: dict[str, dict] = {}
        self._serial = itertools.count(1)
        self.refuse = False  # answer every create with an error
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                message = json.loads(form["simponi_req"][0])
                fake.requests.append(message)
                answer = fake.answer(message)
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/simponi/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, message: dict) -> dict:
        if message["method"] == "billingcode_v4":
            if self.refuse:
                return {"response": {"code": "99", "message": "Satker tidak terdaftar"}}
            header, details = message["data"]
            n = next(self._serial)
            code = f"82099{n:010d}"
            simponi_id = f"SIMP{n:08d}"
            self.billings[code] = {"simponi_id": simponi_id, "header": header, "details": details,
                                   "total": int(header[9]), "paid": None}
            return {"response": {"code": "00", "message": "OK"}, "data": [simponi_id, code, header[3]]}
        if message["method"] == "inquirybilling":
            code = message["data"][3]
            billing = self.billings.get(code)
            if billing is None:
                return {"response": {"code": "01", "message": "Kode billing tidak ditemukan"}}
            if billing["paid"] is None:
                return {"response": {"code": "00"}, "data": {"status": "unpaid", "kode_billing": code}}
            return {"response": {"code": "00"}, "data": {"status": "paid", **billing["paid"]}}
        return {"response": {"code": "98", "message": "method tidak dikenal"}}

    def pay(self, code: str, ntpn: str, *, amount: int | None = None, ntb="NTB0000123456", bank="520009",
            channel="ATM", date_paid=None) -> dict:
        """Mark `code` paid here and return the activeinquiry push SIMPONI would send."""
        billing = self.billings.get(code, {"simponi_id": "SIMP-UNKNOWN", "total": 0})
        date_paid = date_paid or datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M:%S")
        paid = {"simponi_id": billing["simponi_id"], "kode_billing": code, "ntpn": ntpn, "ntb": ntb,
                "date_paid": date_paid, "bank_code": bank, "channel_code": channel,
                "total_paid": billing["total"] if amount is None else amount}
        if code in self.billings:
            self.billings[code]["paid"] = paid
        return {"method": "activeinquiry", "userid": PUSH_USER, "password": PUSH_PASSWORD,
                "data": [paid["simponi_id"], code, ntpn, ntb, date_paid, bank, channel]}


def push(client, message, *, ip="127.0.0.1", **extra):
    """Deliver a push to our endpoint as SIMPONI would (JSON body, from `ip`); returns (status, answer)."""
    response = client.post("/billing/simponi/push/", data=json.dumps(message), content_type="application/json",
                           REMOTE_ADDR=ip, **extra)
    return response.status_code, response.json()
