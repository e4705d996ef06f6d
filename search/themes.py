"""Themes: the selection's proposals clustered into themes (search.clustering), each labelled by
its significant terms (search.theme_labels), with HQ's decisions laid over them
(search.theme_decisions), and classified as recurring, rising or new.

Selection: the period's proposals (query, filters, access) plus a trailing baseline of
BASELINE_FACTOR × the period's length, from Elasticsearch, at most clustering.MAX_ITEMS (the most
relevant with a query, else the newest). Both windows are clustered together, so a theme's
baseline count is its own members before the period. Vectors: the stored embeddings
(Suggestion.analysis, search.stored_analysis), computed only for rows the worker has not
embedded yet. The clustering is cached per selection and data watermark (the window's count and
newest change), so the page stays fast; decisions are applied on every read (cheap).

Kinds: rising = the period's count is significantly above the baseline's rate (Poisson z ≥ 2 and
at least twice the expected count, ≥ 3 proposals) and ≥ 2 distinct partner groups filed it (one
group cannot make a trend); new = no member before the period; otherwise recurring (present in
most months of the period, or seen before it).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from partners.access import Principal, principal_tokens
from suggestions.models import Suggestion

from . import client, clustering, embeddings, theme_decisions
from . import theme_labels as labels
from .indices import SUGGESTIONS
from .models import ThemeDecision
from .params import SearchParams
from .query import build_query
from .topics import corpus_dates

BASELINE_FACTOR = 2
CACHE_SECONDS = 3600
CACHE_VERSION = 1
MAX_MEMBERS = 1000
MIN_PERIOD_MEMBERS = 2  # a cluster of the baseline with one proposal in the period is no theme of it
RISING_Z = 2.0
RISING_LIFT = 2.0
MIN_RISING = 3
SEOUL = ZoneInfo("Asia/Seoul")
SOURCE = ["id", "ref", "title", "body", "created", "group", "district", "department", "status", "keywords"]


def theme_period(principal: Principal, params: SearchParams, default_days: int = 90) -> tuple[date, date]:
    """The selection's period: the given dates; with neither, the most recent quarter of the
    suggestions (by count, at least 30 days) up to the newest; with one, `default_days` around it."""
    if params.date_from and params.date_to:
        return params.date_from, params.date_to
    if params.date_from:
        return params.date_from, params.date_from + timedelta(days=default_days - 1)
    if params.date_to:
        return params.date_to - timedelta(days=default_days - 1), params.date_to
    dates = corpus_dates(principal)
    if dates is None:
        today = timezone.localdate()
        return today - timedelta(days=default_days - 1), today
    quartile, latest = dates
    return min(quartile, latest - timedelta(days=29)), latest


def with_period(params: SearchParams, date_from: date, date_to: date) -> SearchParams:
    return SearchParams(**{**asdict(params), "date_from": date_from, "date_to": date_to})


def baseline_start(date_from: date, date_to: date) -> date:
    return date_from - timedelta(days=BASELINE_FACTOR * ((date_to - date_from).days + 1))


# --- Selection and clustering (cached) ----------------------------------------------------------


def _watermark(principal: Principal, window: SearchParams) -> str:
    response = client.search(
        SUGGESTIONS,
        query=build_query(principal, window),
        size=0,
        track_total_hits=True,
        aggs={"changed": {"max": {"field": "updated_at"}}, "made": {"max": {"field": "created"}}},
    )
    aggs = response["aggregations"]
    return f"{response['hits']['total']['value']}|{aggs['changed']['value']}|{aggs['made']['value']}"


def _select(principal: Principal, window: SearchParams) -> list[dict[str, Any]]:
    sort = ["_score", {"created": "desc"}] if window.q else [{"created": "desc"}, {"id": "desc"}]
    response = client.search(
        SUGGESTIONS,
        query=build_query(principal, window),
        size=clustering.MAX_ITEMS,
        sort=sort,
        _source=SOURCE,
    )
    return [h["_source"] for h in response["hits"]["hits"]]


def vectors_for(docs: list[dict[str, Any]]) -> np.ndarray:
    """The stored embedding of each doc; missing ones (not yet analysed) embedded from the indexed,
    masked title + body."""
    ids = [d["id"] for d in docs]
    stored = dict(Suggestion.objects.filter(pk__in=ids).values_list("pk", "analysis__embedding__f16"))
    out = np.zeros((len(docs), embeddings.DIMS), dtype=np.float32)
    missing = []
    for n, d in enumerate(docs):
        data = stored.get(d["id"])
        if isinstance(data, str) and data:
            out[n] = embeddings.decode(data)
        else:
            missing.append(n)
    if missing:
        texts = [f"{docs[n].get('title') or ''}\n{docs[n].get('body') or ''}" for n in missing]
        out[missing] = embeddings.embed(texts)
    return out


def _clusters(principal: Principal, params: SearchParams, date_from: date, date_to: date) -> dict[str, Any]:
    window = with_period(params, baseline_start(date_from, date_to), date_to)
    selection = {"tokens": sorted(principal_tokens(principal)), "params": window.to_query()}
    raw = json.dumps([selection, _watermark(principal, window)], sort_keys=True, default=str)
    key = f"themes:{CACHE_VERSION}:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    docs = _select(principal, window)
    groups = labels.group_terms()
    keywords = {d["id"]: list(d.get("keywords") or []) for d in docs}
    items = [
        clustering.Item(d["id"], v, labels.cluster_terms(keywords[d["id"]], groups))
        for d, v in zip(docs, vectors_for(docs), strict=True)
    ]
    result = {
        "clusters": clustering.cluster(items),
        "docs": {
            d["id"]: {k: d.get(k) for k in SOURCE if k not in {"title", "body", "created"}}
            | {"title": d.get("title") or "", "day": _seoul_day(d["created"])}
            for d in docs
        },
    }
    cache.set(key, result, CACHE_SECONDS)
    return result


def _seoul_day(created: str) -> str:
    return timezone.localtime(datetime.fromisoformat(created), SEOUL).date().isoformat()


# --- Themes ---------------------------------------------------------------------------------------


def _months(date_from: date, date_to: date) -> list[str]:
    out, y, m = [], date_from.year, date_from.month
    while (y, m) <= (date_to.year, date_to.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def auto_key(terms: list[str], medoid: int) -> str:
    basis = "|".join(sorted(terms[:3])) or str(medoid)
    return f"t-{hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()[:10]}"


def kind_of(
    count: int, baseline: int, period_total: int, baseline_total: int, groups: int, present: int, months: int
) -> tuple[str, float]:
    """A theme's kind and rise from counts alone (pure, so the evaluation calls it too): `count` of
    its proposals in the period, `baseline` before it, out of `period_total` / `baseline_total`;
    `groups` filing it in the period; `present` months with one of its proposals, of `months`."""
    expected = baseline * period_total / baseline_total if baseline_total else 0.0
    rise = (count - expected) / math.sqrt(expected + 1)
    rising = bool(
        baseline_total and count >= MIN_RISING and rise >= RISING_Z and count >= RISING_LIFT * expected and groups >= 2
    )
    if rising:
        return "rising", rise
    if baseline_total and baseline == 0 and present <= months / 2:
        return "new", rise
    return "recurring", rise


def compute(principal: Principal, params: SearchParams) -> dict[str, Any]:
    """Every theme of the selection (hidden ones flagged), with what the pages and the API show."""
    date_from, date_to = theme_period(principal, params)
    data = _clusters(principal, params, date_from, date_to)
    docs: dict[int, dict[str, Any]] = data["docs"]
    first = date_from.isoformat()
    in_period = {i for i, d in docs.items() if d["day"] >= first}
    months = _months(date_from, date_to)
    period_total, baseline_total = len(in_period), len(docs) - len(in_period)
    background = Counter(t for d in docs.values() for t in set(d.get("keywords") or []))
    noise_groups = labels.group_terms()

    def keep(term: str) -> bool:
        return not labels.is_noise(term, noise_groups)

    groups = theme_decisions.apply(data["clusters"], ThemeDecision.objects.all(), set(docs))
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for g in groups:
        members = [i for i in g.ids if i in in_period]
        if len(members) < MIN_PERIOD_MEMBERS and not g.decided:
            continue
        member_docs = [docs[i] for i in members]
        kw_docs = [d.get("keywords") or [] for d in member_docs]
        terms = [t for t, _, _ in labels.significant_terms(kw_docs, background, len(docs), keep)]
        if not terms:
            terms = [t for t, _, _ in labels.significant_terms(kw_docs, background, len(docs), keep, min_share=0)]
        key = g.key or auto_key(terms, g.ids[0])
        if key in used:
            key = f"{key}-{g.ids[0]}"
        used.add(key)
        by_month = Counter(d["day"][:7] for d in member_docs)
        baseline = len(g.ids) - len(members)
        n_groups = len({d.get("group") for d in member_docs if d.get("group")})
        present = sum(1 for m in months if by_month.get(m))
        kind, rise = kind_of(len(members), baseline, period_total, baseline_total, n_groups, present, len(months))
        out.append(
            {
                "key": key,
                "label": g.label or labels.label_phrase(terms, kw_docs) or _title_words(member_docs[0]["title"]),
                "terms": terms,
                "kind": kind,
                "count": len(members),
                "groups": n_groups,
                "members": [{"id": i, "ref": docs[i].get("ref") or ""} for i in members[:MAX_MEMBERS]],
                "months": [{"month": m, "count": by_month.get(m, 0)} for m in months],
                "score": round(len(members) * math.log2(1 + n_groups), 3),
                "rise": round(rise, 3),
                "baseline_count": baseline,
                "hidden": g.hidden,
                "decided": g.decided,
                "docs": member_docs,
            }
        )
    out.sort(key=lambda t: (-t["score"], -t["count"], t["key"]))
    return {"date_from": date_from, "date_to": date_to, "themes": out}


def _title_words(title: str) -> str:
    """Last resort for a theme whose proposals share no clean term: its medoid's first words."""
    return " ".join(w.strip("'\"‘’“”") for w in title.split()[:3])


PUBLIC_FIELDS = ("key", "label", "terms", "kind", "count", "groups", "members", "months", "score")


def themes(principal: Principal, params: SearchParams, size: int = 15) -> dict[str, Any]:
    """The API's answer: {"date_from", "date_to", "themes": by importance, "rising": by rise}."""
    data = compute(principal, params)
    shown = [t for t in data["themes"] if not t["hidden"]]
    rising = sorted((t for t in shown if t["kind"] == "rising"), key=lambda t: (-t["rise"], -t["count"], t["key"]))

    def public(t: dict[str, Any]) -> dict[str, Any]:
        return {k: t[k] for k in PUBLIC_FIELDS}

    return {
        "date_from": data["date_from"],
        "date_to": data["date_to"],
        "themes": [public(t) for t in shown[:size]],
        "rising": [public(t) for t in rising[:size]],
    }


def find(principal: Principal, params: SearchParams, key: str) -> dict[str, Any] | None:
    """One theme of the selection by key (hidden ones included: HQ can show them again)."""
    return next((t for t in compute(principal, params)["themes"] if t["key"] == key), None)


def theme_stats(theme: dict[str, Any]) -> dict[str, Any]:
    """What the pages show beside the count: districts, groups, departments, share answered, the
    average days to an answer (from the database), a sparkline and 3 representative proposals."""
    docs = theme["docs"]
    ids = [d["id"] for d in docs]
    answered = Suggestion.objects.filter(pk__in=ids, answered_at__isnull=False).values_list("created_at", "answered_at")
    days = [(b - a).total_seconds() / 86400 for a, b in answered if a and b]

    def top(name: str) -> list[tuple[str, int]]:
        return Counter(d.get(name) for d in docs if d.get(name)).most_common(5)

    counts = [m["count"] for m in theme["months"]]
    peak = max(counts or [0]) or 1
    step = 100 / max(len(counts) - 1, 1)
    points = " ".join(f"{n * step:.1f},{22 - 20 * c / peak:.1f}" for n, c in enumerate(counts))
    return {
        "districts": top("district"),
        "group_names": top("group"),
        "departments": top("department"),
        "answered_share": len(days) / len(docs) if docs else 0.0,
        "answer_days": sum(days) / len(days) if days else None,
        "sparkline": points,
        "examples": docs[:3],
    }
