import shutil
import subprocess
from pathlib import Path

import pytest

from search.client import get_client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_all_three_services_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name for name, s in body["services"].items() if s["up"]} == {"database", "broker", "elasticsearch"}
    assert body["services"]["database"]["detail"] == "postgresql"


@pytest.mark.django_db
def test_healthz_is_503_when_elasticsearch_is_unreachable(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    get_client.cache_clear()
    try:
        response = client.get("/healthz")
    finally:
        get_client.cache_clear()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["services"]["elasticsearch"]["up"] is False
    assert body["services"]["database"]["up"] is True


def test_docker_compose_file_parses(tmp_path):
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed (.ci/run installs it)")
    (tmp_path / "docker-compose.yml").write_text((ROOT / "docker-compose.yml").read_text())
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())  # what README says to do
    result = subprocess.run([compose, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for service in ("web", "worker", "beat", "postgres", "redis", "elasticsearch"):
        assert f"  {service}:" in result.stdout
    assert "ELASTICSEARCH_URL: http://elasticsearch:9200" in result.stdout
