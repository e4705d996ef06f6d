"""The v2 evaluation corpus is frozen: any edit to its files fails here (see bench/quality/v2/README.md)."""

import hashlib
import json
from pathlib import Path

V2 = Path(__file__).resolve().parents[2] / "bench" / "quality" / "v2"


def _lines(name):
    return [json.loads(line) for line in (V2 / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_files_match_frozen_hashes():
    for line in (V2 / "FROZEN.sha256").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((V2 / name).read_bytes()).hexdigest() == digest, f"{name} changed: the corpus is frozen"


def test_counts_and_references():
    docs = _lines("corpus.jsonl")
    ids = {d["id"] for d in docs}
    themes = {t["theme"] for t in _lines("themes.jsonl") if t["kind"] != "single_group_burst"}
    assert len(docs) >= 300 and len(ids) == len(docs)
    assert len(themes) >= 12
    queries = _lines("queries.jsonl")
    assert len(queries) >= 40
    for q in queries:
        assert q["relevant"] and set(q["relevant"]) <= ids, q["q"]
    pairs = _lines("near_duplicates.jsonl")
    assert sum(not p.get("decoy") for p in pairs) >= 12
    for p in pairs:
        assert {p["a"], p["b"]} <= ids
    for d in docs:
        if d["kind"] == "field":
            assert 37.41 <= d["lat"] <= 37.72 and 126.73 <= d["lng"] <= 127.27, d["id"]
