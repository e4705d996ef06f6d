"""A two-node Elasticsearch cluster on loopback for the fault test (tests/resilience/test_es_two_nodes.py).

Both nodes run from the project's own Elasticsearch install (the zip scripts/services.sh fetches into
.cache/), each with its own config, data, log and tmp dirs under .run/cluster-<run id>/ and its own HTTP and
transport ports, found through `discovery.seed_hosts`.

Quorum: with two master-eligible nodes, losing either loses the election quorum (a majority of two is
two) and the survivor stops accepting writes. So only node 1 is master-eligible and bootstraps the
cluster (`cluster.initial_master_nodes` lists it alone: a data-only node cannot be listed); node 2
is `node.roles: [data, ingest]`, and node 2 is the one the test stops. The cluster then stays
available on node 1 (yellow: the replicas it held are unassigned, every shard still has a copy).
A production cluster has three master-eligible nodes (deploy/compose.cluster.yml) and survives any one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import ROOT, RUN_ID, run_port_offset, wait_until

ES_VERSION = os.environ.get("ES_VERSION", "8.19.7")
SERVICE_USER = os.environ.get("SERVICE_USER", "cheong")
# Per run id, clear of the shared node (9201/9301) and the private ones (9210-9259 / 9310-9359).
BASE_PORT = int(os.environ.get("CHEONG_CLUSTER_ES_PORT", 9401 + 2 * run_port_offset(25)))
HEAP = "256m"
# C1 only: a node boots in about half the CPU time on a loaded 2-core box (throughput is not measured here).
JAVA_OPTS = f"-Xms{HEAP} -Xmx{HEAP} -XX:TieredStopAtLevel=1"


def es_home() -> Path:
    """The project's Elasticsearch install, fetched by scripts/services.sh on first use."""
    home = ROOT / ".cache" / f"elasticsearch-{ES_VERSION}"
    if not (home / "bin" / "elasticsearch").exists():
        subprocess.run(["bash", "scripts/services.sh", "fetch", "es"], cwd=ROOT, check=True, timeout=600)
    return home


def java_home() -> str:
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
    for candidate in ("java-17-openjdk-amd64", "temurin-25-jdk-amd64", "java-21-openjdk-amd64"):
        if Path(f"/usr/lib/jvm/{candidate}/bin/java").exists():
            return f"/usr/lib/jvm/{candidate}"
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("no Java found for Elasticsearch (install openjdk-17-jre-headless)")
    return str(Path(java).resolve().parent.parent)


class ClusterNode:
    def __init__(self, name: str, http_port: int, roles: list[str], seeds: list[int], masters: list[str], root: Path):
        self.name = name
        self.http_port = http_port
        self.transport_port = http_port + 100
        self.url = f"http://127.0.0.1:{http_port}"
        self.roles = roles
        self.seeds = seeds
        self.masters = masters
        self.dir = root / name
        self.pidfile = self.dir / "es.pid"
        self.launcher: subprocess.Popen | None = None

    def argv(self) -> list[str]:
        settings = {
            "cluster.name": f"cheong-cluster-{RUN_ID}",
            "node.name": self.name,
            "node.roles": ",".join(self.roles),
            "network.host": "127.0.0.1",
            "http.port": self.http_port,
            "transport.port": self.transport_port,
            "discovery.seed_hosts": ",".join(f"127.0.0.1:{port}" for port in self.seeds),
            "path.data": self.dir / "data",
            "path.logs": self.dir / "logs",
            "xpack.security.enabled": "false",
            "cluster.routing.allocation.disk.threshold_enabled": "false",
            "action.destructive_requires_name": "false",
        }
        if self.masters:
            settings["cluster.initial_master_nodes"] = ",".join(self.masters)
        argv = [str(es_home() / "bin" / "elasticsearch"), "-d", "-p", str(self.pidfile)]
        for key, value in settings.items():
            argv += ["-E", f"{key}={value}"]
        if os.getuid() == 0:  # Elasticsearch refuses to run as root (as in scripts/services.sh)
            argv = ["runuser", "-u", SERVICE_USER, "--", *argv]
        return argv

    def launch(self) -> None:
        """Start the node in the background (`-d`); `wait_launched()` waits for the launcher."""
        for sub in ("data", "logs", "tmp"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        # Its own config dir: two nodes bootstrapping one keystore at once race on its temp file.
        if not (self.dir / "config").exists():
            shutil.copytree(es_home() / "config", self.dir / "config")
        if os.getuid() == 0:  # the service user owns its dirs and the install (as scripts/services.sh does)
            shutil.chown(self.dir.parent, SERVICE_USER)
            subprocess.run(["chown", "-R", SERVICE_USER, str(self.dir), str(es_home())], check=True)
        env = {
            **os.environ,
            "ES_JAVA_HOME": java_home(),
            "ES_JAVA_OPTS": JAVA_OPTS,
            "ES_TMPDIR": str(self.dir / "tmp"),
            "ES_PATH_CONF": str(self.dir / "config"),
        }
        log = (self.dir / "launch.log").open("ab")
        self.launcher = subprocess.Popen(self.argv(), cwd=self.dir, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_launched(self, timeout: float = 300) -> None:
        assert self.launcher is not None
        if self.launcher.wait(timeout=timeout) != 0:
            raise RuntimeError(f"{self.name} did not start: {self.log_tail()}")

    def pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def running(self) -> bool:
        pid = self.pid()
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM (a clean node shutdown), SIGKILL if it does not exit in `timeout`."""
        pid = self.pid()
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.running():
                time.sleep(0.2)
            if self.running():
                os.kill(pid, signal.SIGKILL)
        while self.running():
            time.sleep(0.1)
        self.pidfile.unlink(missing_ok=True)

    def log_tail(self, lines: int = 40) -> str:
        logs = [self.dir / "launch.log", *sorted((self.dir / "logs").glob("*.log"))]
        text = "\n".join(p.read_text(errors="replace") for p in logs if p.exists())
        return "\n".join(text.splitlines()[-lines:])


class TwoNodeCluster:
    def __init__(self, base_port: int = BASE_PORT):
        self.root = ROOT / ".run" / f"cluster-{RUN_ID}"
        ports = [base_port, base_port + 1]
        seeds = [port + 100 for port in ports]
        self.master = ClusterNode("cheong-n1", ports[0], ["master", "data", "ingest"], seeds, ["cheong-n1"], self.root)
        self.data_node = ClusterNode("cheong-n2", ports[1], ["data", "ingest"], seeds, [], self.root)
        self.nodes = [self.master, self.data_node]
        self.url = ",".join(node.url for node in self.nodes)  # ELASTICSEARCH_URL for both nodes

    def client(self):
        from elasticsearch import Elasticsearch

        return Elasticsearch([node.url for node in self.nodes], request_timeout=10, retry_on_timeout=True)

    def health(self, **params) -> dict:
        return self.client().options(request_timeout=70).cluster.health(**params).body

    def launch(self) -> TwoNodeCluster:
        """A fresh cluster (new data dirs), both nodes launched at once; `wait_ready()` waits for them."""
        for node in self.nodes:
            node.stop()
        shutil.rmtree(self.root, ignore_errors=True)
        for node in self.nodes:
            node.launch()
        return self

    def wait_ready(self) -> dict:
        for node in self.nodes:
            node.wait_launched()
        return self.wait_for(status="green", nodes=2)

    def wait_for(self, status: str, nodes: int, timeout: float = 180) -> dict:
        def reached() -> dict | None:
            with contextlib.suppress(Exception):
                health = self.health(wait_for_status=status, wait_for_nodes=str(nodes), timeout="5s")
                if not health["timed_out"]:
                    return health
            return None

        return wait_until(reached, timeout=timeout, interval=1, what=f"cluster {status} with {nodes} nodes")

    def stop(self) -> None:
        for node in reversed(self.nodes):
            node.stop()
