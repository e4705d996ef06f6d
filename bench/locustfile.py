"""Locust users for the page benchmark (run headless by bench/measure_pages.py against a local
gunicorn). The paths come reversed from Django in BENCH_PATHS (JSON): this process has no Django."""

import json
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "cheong-demo-2026")
PATHS = json.loads(os.environ["BENCH_PATHS"])  # login, home, announcement, details (list), mine, hq_search, statistics
QUERIES = ["가로등 고장", "보이스피싱", "어린이 보호구역 과속", "집회 소음", "불법 주정차", "스토킹"]
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0, 0)
    username = ""

    def on_start(self):
        page = self.client.get(PATHS["login"], name="login")
        token = _CSRF.search(page.text).group(1)
        self.client.post(
            PATHS["login"],
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + PATHS["login"]},
            name="login",
        )


class Partner(_LoggedIn):
    weight = 4
    username = "partner_member"

    @task(2)
    def home(self):
        self.client.get(PATHS["home"], name="home")

    @task(2)
    def announcement(self):
        self.client.get(PATHS["announcement"], name="announcement")

    @task(3)
    def detail(self):
        self.client.get(random.choice(PATHS["details"]), name="suggestion detail")

    @task(2)
    def mine(self):
        self.client.get(PATHS["mine"], name="my suggestions")


class Analyst(_LoggedIn):
    weight = 1
    username = "hq"

    @task
    def search(self):
        self.client.get(PATHS["hq_search"], params={"q": random.choice(QUERIES)}, name="HQ search")


class Visitor(HttpUser):
    """Not logged in: the pages that are the same for every visitor (the public fragments)."""

    weight = 1
    wait_time = between(0, 0)

    @task(2)
    def home(self):
        self.client.get(PATHS["home"], name="home (anonymous)")

    @task
    def statistics(self):
        self.client.get(PATHS["statistics"], name="public statistics")
