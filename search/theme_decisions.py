"""HQ's decisions on themes (rename, merge, split off, hide): the writes, each audited, and
`apply()`, which lays the decisions over a fresh clustering so they survive re-clustering.

Matching: a decided theme is the new cluster sharing the most of its remembered members, when that
overlap covers at least MIN_OVERLAP of the smaller side (|A ∩ B| / min(|A|, |B|)): a theme that
gained new proposals or lost a few keeps its decision; one that drifted apart does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from partners.access import Principal

from .models import ThemeDecision
from .services import NotAllowed

MIN_OVERLAP = 0.5
MAX_LABEL = 60


@dataclass
class Group:
    """A theme after the decisions: member ids (medoid first), its key once matched, HQ's label."""

    ids: list[int]
    key: str = ""
    label: str = ""
    hidden: bool = False
    decided: bool = False
    merged: list[str] = field(default_factory=list)


def _overlap(ids: Sequence[int], remembered: set[int]) -> float:
    if not ids or not remembered:
        return 0.0
    return len(remembered.intersection(ids)) / min(len(ids), len(remembered))


def apply(clusters: Sequence[Sequence[int]], decisions: Iterable[ThemeDecision], present: set[int]) -> list[Group]:
    """Clusters (from search.clustering) → groups with HQ's decisions applied. `present`: every id
    of the selection (a split-off theme takes its members from there, clustered or not)."""
    decisions = list(decisions)
    groups = [Group(ids=list(c)) for c in clusters]
    # 1. Split-off themes first: their members leave whatever cluster they landed in.
    for d in decisions:
        if not d.split_from:
            continue
        moved = [i for i in d.members if i in present]
        if not moved:
            continue
        taken = set(moved)
        for g in groups:
            g.ids = [i for i in g.ids if i not in taken]
        groups.append(Group(ids=moved, key=d.key, decided=True))
    groups = [g for g in groups if g.ids]
    # 2. Every other decision claims its best-overlapping cluster (greedy, best pairs first).
    pairs = []
    for d in decisions:
        if d.split_from:
            continue
        remembered = set(d.members) & present
        for n, g in enumerate(groups):
            score = _overlap(g.ids, remembered)
            if score >= MIN_OVERLAP:
                pairs.append((score, len(remembered & set(g.ids)), d.key, n))
    claimed: set[int] = set()
    taken_keys: set[str] = set()
    for _score, _common, key, n in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2], p[3])):
        if n in claimed or key in taken_keys or groups[n].key:
            continue
        groups[n].key, groups[n].decided = key, True
        claimed.add(n)
        taken_keys.add(key)
    # 3. Merges: a merged theme's members join the target (followed through chains A → B → C).
    by_key = {d.key: d for d in decisions}

    def final(key: str) -> str:
        seen = set()
        while by_key.get(key) and by_key[key].merged_into and key not in seen:
            seen.add(key)
            key = by_key[key].merged_into
        return key

    out: dict[str, Group] = {}
    loose: list[Group] = []
    for g in groups:
        if not g.key:
            loose.append(g)
            continue
        target = final(g.key)
        if target in out:
            out[target].ids += [i for i in g.ids if i not in set(out[target].ids)]
            out[target].merged.append(g.key)
        else:
            if target != g.key:
                g.merged.append(g.key)
            g.key = target
            out[target] = g
    # 4. Labels and hiding of the final keys.
    for key, g in out.items():
        decided = by_key.get(key)
        if decided is not None:
            g.label, g.hidden = decided.label, decided.hidden
    return list(out.values()) + loose


# --- Writes -------------------------------------------------------------------------------------


def _check(principal: Principal) -> None:
    if not principal.can_view_hq:
        raise NotAllowed


def _decision(key: str, members: Sequence[int]) -> ThemeDecision:
    decision, _created = ThemeDecision.objects.get_or_create(key=key)
    decision.members = sorted({int(i) for i in members})
    return decision


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise DomainError(_("주제 이름을 적어 주세요."), "theme_label_empty")
    if len(label) > MAX_LABEL:
        raise DomainError(_("주제 이름은 %(n)d자까지입니다.") % {"n": MAX_LABEL}, "theme_label_long")
    return label


@transaction.atomic
def rename_theme(user, principal: Principal, key: str, members: Sequence[int], label: str) -> ThemeDecision:
    _check(principal)
    decision = _decision(key, members)
    old, decision.label, decision.updated_by = decision.label, _clean_label(label), user
    decision.save()
    audit.record(user, "search.theme.rename", decision, key=key, label=decision.label, previous=old)
    return decision


@transaction.atomic
def set_theme_hidden(user, principal: Principal, key: str, members: Sequence[int], hidden: bool) -> ThemeDecision:
    _check(principal)
    decision = _decision(key, members)
    decision.hidden, decision.updated_by = hidden, user
    decision.save()
    audit.record(user, "search.theme.hide" if hidden else "search.theme.unhide", decision, key=key)
    return decision


@transaction.atomic
def merge_themes(
    user, principal: Principal, key: str, members: Sequence[int], target_key: str, target_members: Sequence[int]
) -> ThemeDecision:
    """Theme `key` joins `target_key` (the target keeps its key and label)."""
    _check(principal)
    if not target_key or target_key == key:
        raise DomainError(_("합칠 다른 주제를 고르세요."), "theme_merge_target")
    target = _decision(target_key, target_members)
    if target.merged_into:
        raise DomainError(_("이미 다른 주제에 합쳐진 주제에는 합칠 수 없습니다."), "theme_merge_target")
    target.updated_by = user
    target.save()
    source = _decision(key, members)
    source.merged_into, source.updated_by = target_key, user
    source.save()
    ThemeDecision.objects.filter(merged_into=key).update(merged_into=target_key)
    audit.record(user, "search.theme.merge", source, key=key, into=target_key, members=len(source.members))
    return target


def split_key(members: Sequence[int]) -> str:
    digest = hashlib.sha1(",".join(map(str, sorted(members))).encode(), usedforsecurity=False).hexdigest()
    return f"s-{digest[:10]}"


@transaction.atomic
def split_theme(
    user, principal: Principal, key: str, members: Sequence[int], moved: Sequence[int], label: str
) -> ThemeDecision:
    """Move `moved` (some of the theme's members) out into a new theme named `label`."""
    _check(principal)
    moved_set = {int(i) for i in moved} & {int(i) for i in members}
    if not moved_set:
        raise DomainError(_("옮길 제안을 하나 이상 고르세요."), "theme_split_empty")
    if moved_set == {int(i) for i in members}:
        raise DomainError(
            _("모든 제안을 옮길 수는 없습니다. 이름을 바꾸려면 '이름 바꾸기'를 쓰세요."), "theme_split_all"
        )
    new = _decision(split_key(sorted(moved_set)), sorted(moved_set))
    new.label, new.split_from, new.updated_by = _clean_label(label), key, user
    new.save()
    rest = _decision(key, [i for i in members if int(i) not in moved_set])
    rest.updated_by = user
    rest.save()
    audit.record(user, "search.theme.split", new, key=key, new_key=new.key, moved=sorted(moved_set))
    return new
