"""A clone deploys from `.env.example`: `docker-compose config` fails clearly without `.env` and
resolves with a copy of the example; the production settings load from exactly those values and
serve uploads only through the access-checked view; `.env` stays out of git and the image."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / ".env.example"


def example_values() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def compose_config(cwd: Path) -> subprocess.CompletedProcess:
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed (.ci/run installs it)")
    shutil.copy(ROOT / "docker-compose.yml", cwd / "docker-compose.yml")
    env = {k: v for k, v in os.environ.items() if k not in example_values()}  # only .env counts
    return subprocess.run([compose, "config"], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_compose_needs_env_and_resolves_from_the_example(tmp_path):
    missing = compose_config(tmp_path)
    assert missing.returncode != 0 and ".env" in missing.stderr  # says what to do, not a KeyError

    shutil.copy(EXAMPLE, tmp_path / ".env")
    result = compose_config(tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    web = config["services"]["web"]["environment"]
    assert web["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert web["DJANGO_SECRET_KEY"] == example_values()["DJANGO_SECRET_KEY"]  # env_file reached the app
    assert web["DATABASE_URL"].endswith(f":{example_values()['POSTGRES_PASSWORD']}@postgres:5432/cheong")
    assert config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == example_values()["POSTGRES_PASSWORD"]
    assert web["MEDIA_ROOT"] == "/app/media"
    for service in ("web", "worker", "beat"):
        assert any(
            str(v).endswith(":/app/media") or "/app/media" in str(v) for v in config["services"][service]["volumes"]
        )


def test_every_required_production_variable_is_in_the_example():
    source = (ROOT / "config" / "settings" / "production.py").read_text(encoding="utf-8")
    required = set(re.findall(r'env(?:\.\w+)?\("(\w+)"\)', source))  # read without a default
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"} <= required
    set_by_compose = {"DATABASE_URL"}
    assert required - set_by_compose <= set(example_values())


def test_production_settings_load_from_the_example_and_serve_no_public_media():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHEONG_"))}
    env.update(example_values())
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL="postgres://cheong:x@127.0.0.1:1/cheong",  # never connected to
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.urls import resolve\n"
        "from suggestions.media_views import media\n"
        "assert not settings.DEBUG and settings.SECRET_KEY.startswith('change-me')\n"
        "assert resolve('/media/attachments/2026/12/a.pdf').func is media\n"
        "assert resolve('/media/site_checks/2026/12/a.jpg').func is media\n"
        "print('ok', settings.MEDIA_URL, repr(settings.MEDIA_ACCEL_REDIRECT))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok /media/ ''"
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_env_stays_out_of_git_and_the_image():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
    assert (
        ".env.example"
        not in subprocess.run(["git", "check-ignore", ".env.example"], cwd=ROOT, capture_output=True, text=True).stdout
    )
