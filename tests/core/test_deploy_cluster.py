"""deploy/compose.cluster.yml: the cluster profile parses (docker-compose when installed, YAML always)
and describes what docs/deployment.md says — three master-eligible Elasticsearch nodes that find
each other, every node in ELASTICSEARCH_URL, one worker pool per queue."""

import shutil
import subprocess

import pytest
import yaml

from config.queues import KINDS
from tests.conftest import ROOT

COMPOSE = ROOT / "deploy" / "compose.cluster.yml"
NODES = {"es01", "es02", "es03"}


def test_cluster_profile_describes_three_nodes_and_a_pool_per_queue():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert set(services) >= NODES
    for name in NODES:
        node = services[name]
        env = node["environment"]
        assert node["image"] == "docker.elastic.co/elasticsearch/elasticsearch:8.19.7"
        assert env["node.name"] == name
        assert set(env["discovery.seed_hosts"].split(",")) == NODES - {name}
        assert set(env["cluster.initial_master_nodes"].split(",")) == NODES
        assert "discovery.type" not in env  # not single-node
    web_env = services["web"]["environment"]
    assert {url.split("//")[1].split(":")[0] for url in web_env["ELASTICSEARCH_URL"].split(",")} == NODES
    pools = {name: s["command"] for name, s in services.items() if name.startswith("worker-")}
    assert sorted(pools) == sorted(f"worker-{kind}" for kind in KINDS)
    for name, command in pools.items():
        assert command.startswith("python -m config.worker --queue ")
        assert command.split("--queue ")[1].split()[0] == name.removeprefix("worker-")
    assert "beat" in services and "web" in services


def test_cluster_profile_parses_with_docker_compose(tmp_path):
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed (.ci/run installs it); the YAML test above still runs")
    (tmp_path / "deploy").mkdir()
    shutil.copy(COMPOSE, tmp_path / "deploy" / COMPOSE.name)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")  # what the file's header says to do
    result = subprocess.run(
        [compose, "--env-file", ".env", "-f", "deploy/compose.cluster.yml", "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert config["services"]["worker-indexing"]["build"]["context"] == str(tmp_path)  # `build: ..`
    assert config["services"]["web"]["environment"]["ES_REPLICAS"] == "1"
