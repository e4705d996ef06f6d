"""Locust users for the page benchmark (run headless by bench/run.py against a local gunicorn)."""

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "cheong-demo-2026")
DETAIL_IDS = [int(x) for x in os.environ.get("BENCH_DETAIL_IDS", "1").split(",")]
ANNOUNCEMENT = os.environ.get("BENCH_ANNOUNCEMENT", "/announcements/")
QUERIES = ["가로등 고장", "보이스피싱", "어린이 보호구역 과속", "집회 소음", "불법 주정차", "스토킹"]
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0, 0)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login")
        token = _CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )


class Partner(_LoggedIn):
    weight = 4
    username = "partner_member"

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def announcement(self):
        self.client.get(ANNOUNCEMENT, name="announcement")

    @task(3)
    def detail(self):
        self.client.get(f"/suggestions/{random.choice(DETAIL_IDS)}/", name="suggestion detail")

    @task(2)
    def mine(self):
        self.client.get("/suggestions/mine/", name="my suggestions")


class Analyst(_LoggedIn):
    weight = 1
    username = "hq"

    @task
    def search(self):
        self.client.get("/hq/", params={"q": random.choice(QUERIES)}, name="HQ search")
