"""Planted rising themes of the frozen corpus: does each come out rising, in the top 3 of its period?

Pure (no Elasticsearch): the theme page's own clustering (search.clustering) and kind rule
(search.themes.kind_of) over the corpus's dates and groups, with the page's windows: the period
plus a baseline of BASELINE_FACTOR × its length before it, clustered together. A planted theme
counts as found when a rising cluster among the top 3 (by rise, as the page orders them) has
precision ≥ `precision` and recall ≥ `recall` for the theme's proposals of that period.
"""

from __future__ import annotations

import calendar
from datetime import date


def period_of(label: str) -> tuple[date, date]:
    """ "2025-Q3" → 1 Jul – 30 Sep 2025; "2025-08" → that month."""
    year, part = label.split("-")
    first, last = (3 * int(part[1]) - 2, 3 * int(part[1])) if part.startswith("Q") else (int(part), int(part))
    return date(int(year), first, 1), date(int(year), last, calendar.monthrange(int(year), last)[1])


def rising_top3(corpus: list[dict], items: list, planted: list[dict], precision: float, recall: float) -> dict:
    from search.clustering import cluster
    from search.themes import MIN_PERIOD_MEMBERS, _months, baseline_start, kind_of

    out = {}
    for row in planted:
        if row.get("kind") != "rising":
            continue
        start, end = period_of(row["period"])
        first, base, last = start.isoformat(), baseline_start(start, end).isoformat(), end.isoformat()
        window = [i for i, d in enumerate(corpus) if base <= d["date"] <= last]
        in_period = {i for i in window if corpus[i]["date"] >= first}
        wanted = {i for i in in_period if corpus[i].get("theme") == row["theme"]}
        months = len(_months(start, end))
        ranked = []
        for c in cluster([items[i] for i in window]):
            members = [i for i in c if i in in_period]
            if len(members) < MIN_PERIOD_MEMBERS:
                continue
            groups = len({corpus[i].get("group") for i in members if corpus[i].get("group")})
            present = len({corpus[i]["date"][:7] for i in members})
            baseline_total = len(window) - len(in_period)
            kind, rise = kind_of(
                len(members), len(c) - len(members), len(in_period), baseline_total, groups, present, months
            )
            if kind == "rising":
                ranked.append((-rise, -len(members), sorted(members)))
        ranked.sort()
        rank = next(
            (
                n + 1
                for n, (_, _, m) in enumerate(ranked)
                if wanted
                and len(wanted & set(m)) / len(m) >= precision
                and len(wanted & set(m)) / len(wanted) >= recall
            ),
            None,
        )
        out[row["theme"]] = {"period": row["period"], "rising_clusters": len(ranked), "rank": rank}
    return {"planted": len(out), "top3": sum(1 for r in out.values() if r["rank"] and r["rank"] <= 3), "by_theme": out}
