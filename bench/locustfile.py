"""The mixed scenario: simulated people of every role doing their daily work with 5-15 s think time.

    .venv/bin/python bench/sessions.py              # sessions into var/bench/sessions.json
    .venv/bin/locust -f bench/locustfile.py --headless -u 200 -r 10 -t 5m --host http://127.0.0.1:8000 \
        --csv var/bench/locust --only-summary

Customers browse their orders, create and submit new ones and accept prices; CS validates submitted
orders; the Ketua Tim PJI approves tariffs; the treasurer issues e-billings; the laboratory roles work
their inboxes and instrument pages; the head of centre reviews what waits for signature. Requests are
named by page so locust reports p50/p95/p99 per page. A POST is measured without following its
redirect. Any 5xx is a failure.
"""
from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

SESSIONS = json.loads((Path(__file__).resolve().parent.parent / "var" / "bench" / "sessions.json").read_text())
_pools = {name: itertools.cycle(keys) for name, keys in SESSIONS.items()}
ORDER_LINK = re.compile(r'href="/orders/(\d+)/"')
INSTRUMENT_LINK = re.compile(r'href="/orders/instrument/(\d+)/"')
TYPE_OPTION = re.compile(r'<option value="(\d+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(5, 15)
    account = "customers"
    role = "PELANGGAN"

    def on_start(self):
        self.client.cookies.set("sessionid", next(_pools[self.account]))
        self.csrf = ""
        self.inbox_orders: list[str] = []
        self.inbox_instruments: list[str] = []

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code >= 400 or "/accounts/login/" in response.url:
                response.failure(f"{response.status_code} {response.url}")
            self._keep_csrf(response)
            return response

    def post(self, path, name, data=None):
        token = self.csrf
        with self.client.post(path, name=name, data={"csrfmiddlewaretoken": token, **(data or {})},
                              headers={"X-CSRFToken": token}, cookies={"csrftoken": token}, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}")
            return response

    def _keep_csrf(self, response):
        # The production settings mark the CSRF cookie Secure; the benchmark speaks plain HTTP on loopback.
        # so the token is kept here and sent with each POST.
        self.csrf = response.cookies.get("csrftoken") or self.csrf

    def inbox(self):
        response = self.get(f"/workflow/inbox/{self.role}/", f"inbox {self.role}")
        self.inbox_orders = ORDER_LINK.findall(response.text)
        self.inbox_instruments = INSTRUMENT_LINK.findall(response.text)
        return response

    def open_inbox_order(self):
        if self.inbox_orders:
            pk = random.choice(self.inbox_orders)
            self.get(f"/orders/{pk}/", "order page")
            return pk
        return None

    def act_on_inbox_order(self, path: str, name: str, data: dict | None = None):
        """Open the inbox, open one of its orders and post to `path` (with `{pk}` for the order) on it."""
        self.inbox()
        pk = self.open_inbox_order()
        if pk:
            self.post(path.format(pk=pk), name, data)

    def open_inbox_instrument(self):
        if self.inbox_instruments:
            self.get(f"/orders/instrument/{random.choice(self.inbox_instruments)}/", "instrument page")


class Customer(Person):
    weight = 120

    def on_start(self):
        super().on_start()
        self.own_orders: list[str] = []

    @task(4)
    def order_list(self):
        response = self.get("/orders/", "order list")
        self.own_orders = ORDER_LINK.findall(response.text)

    @task(4)
    def open_order(self):
        if self.own_orders:
            self.get(f"/orders/{random.choice(self.own_orders)}/", "order page")

    @task(2)
    def work_inbox(self):
        self.inbox()

    @task(1)
    def accept_price(self):
        self.act_on_inbox_order("/orders/{pk}/do/accept-price/", "POST accept price")

    @task(1)
    def new_order(self):
        form = self.get("/orders/new/", "new order form")
        types = TYPE_OPTION.findall(form.text)
        if not types:
            return
        count = random.randint(1, 3)
        data = {"line-TOTAL_FORMS": str(count), "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1",
                "line-MAX_NUM_FORMS": "200", "notes": "Kalibrasi tahunan.", "submit": "1"}
        for n in range(count):
            data.update({f"line-{n}-instrument_type": random.choice(types), f"line-{n}-brand": "Ohaus",
                         f"line-{n}-model": "PX224", f"line-{n}-serial_numbers": f"LC{random.randint(10**6, 10**7)}",
                         f"line-{n}-capacity": "220 g", f"line-{n}-units": "1"})
        self.post("/orders/new/", "POST new order + submit", data)


class CustomerService(Person):
    weight = 20
    account, role = "cs", "CS"

    @task(3)
    def work_inbox(self):
        self.inbox()
        self.open_inbox_order()

    @task(2)
    def validate(self):
        self.act_on_inbox_order("/orders/{pk}/do/validate/", "POST validate order", {"note": "Data alat lengkap."})

    @task(1)
    def search(self):
        self.get(f"/orders/?q=ORD%2F2026%2F{random.randint(1, 11):02d}", "order list search")


class TeamHead(Person):
    weight = 10
    account, role = "ketua_pji", "KETUA_PJI"

    @task(2)
    def work_inbox(self):
        self.inbox()
        self.open_inbox_order()

    @task(1)
    def approve_tariff(self):
        """Step 6 as the page sends it: every instrument's approved amount as shown (the form requires them)."""
        self.inbox()
        if not self.inbox_orders:
            return
        pk = random.choice(self.inbox_orders)
        page = self.get(f"/orders/{pk}/", "order page")
        amounts = dict(re.findall(r'name="(amount_\d+)"[^>]*?value="([^"]*)"', page.text))
        if amounts:  # the order is still waiting for the tariff (another Ketua Tim PJI may have approved it)
            self.post(f"/orders/{pk}/tariff/", "POST approve tariff", {"note": "", **amounts})


class Treasurer(Person):
    weight = 10
    account, role = "bendahara", "BENDAHARA"

    @task(2)
    def desk(self):
        self.get("/billing/desk/", "billing desk")

    @task(2)
    def work_inbox(self):
        self.inbox()
        self.open_inbox_order()

    @task(1)
    def issue_billing(self):
        self.act_on_inbox_order("/billing/order/{pk}/issue/", "POST issue billing")


class LabStaff(Person):
    """Supervisors and analysts: their inbox holds instruments; now and then the order list."""
    abstract = True

    @task(3)
    def work_inbox(self):
        self.inbox()
        self.open_inbox_instrument()

    @task(1)
    def order_list(self):
        self.get("/orders/", "order list")


class Supervisor(LabStaff):
    weight = 15
    account, role = "penyelia", "PENYELIA"


class Analyst(LabStaff):
    weight = 15
    account, role = "analis", "ANALIS"


class TechnicalManager(Person):
    weight = 5
    account, role = "mt", "MT"

    @task
    def work_inbox(self):
        self.inbox()
        self.open_inbox_instrument()


class HeadOfCentre(Person):
    weight = 5
    account, role = "kepala_balai", "KEPALA_BALAI"

    @task
    def work_inbox(self):
        self.inbox()
        self.open_inbox_order()
