"""Search test helpers on the test world (tests/world.py): the search synonyms, and the data sets the
tests load as bare Suggestion rows (`world.suggestion`): the project's own test corpus
(tests/search/fixtures, always) and the shared sample data (settings.SHARED_DATA_DIR, only when that
folder is present)."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from demo.partners import FIXTURES as DEMO_FIXTURES
from demo.search import seed_synonyms, seed_user_words
from partners.models import Department, PartnerGroup
from tests.world import World

# The project's own search test corpus: 50 suggestions T001…T050 in the shared sample's format, with
# planted near-duplicate pairs (`dup_group`), fake PII (`has_pii`) and a hostile item (`hostile`).
OWN_DATA = Path(__file__).parent / "fixtures"


@pytest.fixture
def world(world: World) -> World:
    """The test world with the search synonyms and user dictionary (the data migration's rows are gone after a
    transactional test's flush) and the project's own groups and departments, which the own corpus
    names (the world's people may come from the shared data's organisations)."""
    seed_synonyms()
    seed_user_words()
    add_organisations(world, DEMO_FIXTURES)
    return world


def add_organisations(world: World, directory: Path) -> None:
    """The departments and partner groups listed in `directory` (missing ones are created)."""
    for d in json.loads((directory / "departments.json").read_text(encoding="utf-8")):
        dept, created = Department.objects.get_or_create(
            slug=d["slug"], defaults={"name": d["name"], "answer_days": d["answer_days"]}
        )
        if created:
            dept.fields.set([world.fields[f] for f in d["fields"]])
        world.departments[d["slug"]] = dept
    for g in json.loads((directory / "partner_groups.json").read_text(encoding="utf-8")):
        group, _ = PartnerGroup.objects.get_or_create(slug=g["slug"], defaults={"name": g["name"], "kind": g["kind"]})
        world.groups[g["slug"]] = group


def shared_data_dir() -> Path | None:
    """settings.SHARED_DATA_DIR when it holds the shared sample data, else None."""
    path = Path(settings.SHARED_DATA_DIR)
    return path if (path / "sample_suggestions.jsonl").is_file() else None


SHARED_SKIP_REASON = "shared sample data not present (settings.SHARED_DATA_DIR / CHEONG_SHARED_DATA)"


@pytest.fixture
def shared_data() -> Path:
    """The shared sample data folder; skips the test when it is absent (the own corpus covers it)."""
    path = shared_data_dir()
    if path is None:
        pytest.skip(SHARED_SKIP_REASON)
    return path


def load_jsonl(world: World, suggestions: Path, answers: Path | None) -> dict:
    """Suggestions in the sample format (and their answers); returns {"S001": Suggestion, …}."""
    from suggestions.models import Answer, Suggestion

    by_ref: dict[str, Any] = {}  # Suggestion rows, each with its sample row as `.sample`
    for line in suggestions.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_ref[row["id"]] = world.suggestion(
            row["title"],
            row["body"],
            created=row["created_at"],
            field=row["field"],
            ref=row["id"],
            kind=row["kind"],
            group=world.groups[row["partner_group"]],
            district=row["district"],
            lat=row["lat"],
            lon=row["lon"],
            time_band=row.get("time_band", ""),
            status=Suggestion.Status.RECEIVED,
        )
        by_ref[row["id"]].sample = row
    if answers is not None:
        for line in answers.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["decision"] not in Answer.Decision.values:
                continue
            s = by_ref[row["suggestion_id"]]
            Answer.objects.create(
                suggestion=s,
                department=world.departments[row["department"]],
                decision=row["decision"],
                body=row["body"],
                state=Answer.State.PUBLISHED,
                published_at=s.created_at,
            )
            Suggestion.objects.filter(pk=s.pk).update(status=Suggestion.Status.ANSWERED)
    return by_ref


def load_sample(world: World, answers: bool = True) -> dict:
    """The 120 shared sample suggestions (and their answers) from settings.SHARED_DATA_DIR; callers
    skip first (fixture `shared_data` / `dataset`) when the folder is absent."""
    data = shared_data_dir()
    assert data is not None, SHARED_SKIP_REASON
    add_organisations(world, data)  # the sample's groups and answering departments
    return load_jsonl(world, data / "sample_suggestions.jsonl", data / "sample_answers.jsonl" if answers else None)


def load_own(world: World, answers: bool = True) -> dict:
    """The project's own 50-suggestion test corpus (and its answers); always available."""
    return load_jsonl(world, OWN_DATA / "corpus.jsonl", OWN_DATA / "answers.jsonl" if answers else None)


@dataclass(frozen=True)
class Dataset:
    """A data set the data-driven tests run on, with the facts about it the tests assert."""

    name: str
    ref_prefix: str
    total: int
    fields: dict  # field → number of suggestions
    first_month: str  # "YYYY-MM" of the oldest and newest suggestion
    last_month: str
    answered_more_than: int
    latest_ref: str  # the newest suggestion (sort=date puts it first)
    support_ref: str  # any suggestion: given 99 supports it must come first with sort=supports
    combined_ref: str  # a 수사·안보 field report (its district filters the combined search)
    pairs: tuple  # planted near-duplicate pairs (dup_group)
    top1_min: int  # of the 2 × len(pairs) directions, at least this many rank the twin first
    top3_min: int  # … and at least this many have the twin in the top 3
    lamp_refs: frozenset  # the 수유역 street-lamp pair: one of them is in the top 2 for the lamp draft
    lamp_title_ref: str  # its title contains 먹자골목 (강북구)
    lamp_month_link: str  # a month facet link shown for q=가로등이
    pii_ref: str
    pii_original: str  # in the database's body (for the police) …
    pii_queries: tuple  # … never findable
    pii_fragments: tuple  # … never in the indexed document or the stored analysis
    pii_rest_query: str  # the rest of the PII suggestion is still found by this

    def load(self, world: World, answers: bool = True) -> dict:
        return load_sample(world, answers) if self.name == "shared" else load_own(world, answers)


OWN = Dataset(
    name="own",
    ref_prefix="T",
    total=50,
    fields={"교통": 14, "범죄예방": 13, "아동·여성": 10, "수사·안보": 8, "집회·시위": 5},
    first_month="2025-09",
    last_month="2026-08",
    answered_more_than=10,  # 14 answers; the 2 "under_review" ones are not decisions the model accepts
    latest_ref="T050",
    support_ref="T030",
    combined_ref="T001",
    pairs=(("T021", "T025"), ("T001", "T029"), ("T026", "T028"), ("T031", "T033"), ("T037", "T039")),
    top1_min=9,  # measured: all 10 directions rank the twin first
    top3_min=10,
    lamp_refs=frozenset({"T021", "T025"}),
    lamp_title_ref="T021",
    lamp_month_link="date_from=2025-10-01&amp;date_to=2025-10-31",
    pii_ref="T015",
    pii_original="010-4417-2963",
    pii_queries=("010-4417-2963", "4417", "2963", "880214-1357913", "880214", "1357913", "01044172963"),
    pii_fragments=("4417", "880214", "1357913"),
    pii_rest_query="차량 털이",
)

SHARED = Dataset(
    name="shared",
    ref_prefix="S",
    total=120,
    fields={"교통": 38, "아동·여성": 35, "범죄예방": 26, "수사·안보": 12, "집회·시위": 9},
    first_month="2025-09",
    last_month="2026-08",
    answered_more_than=20,
    latest_ref="S120",
    support_ref="S030",
    combined_ref="S001",
    pairs=(("S054", "S060"), ("S005", "S010"), ("S014", "S019"), ("S080", "S086"), ("S088", "S098")),
    top1_min=8,  # measured: 9 of 10 directions rank the twin first
    # The issue's own goal, "≥ 9 of 10 planted pairs in each other's top 3". Since the user dictionary
    # (배회감지기 one word) S088 → S098 ranks 5th: a proposal and a field report about the same
    # 중계동 elder in different words (배회감지기 vs 위치 확인되는 기기) with no shared keyword; the other
    # direction ranks first. Not fixed by tuning weights or the floor to this pair.
    top3_min=9,
    lamp_refs=frozenset({"S014", "S019"}),
    lamp_title_ref="S014",
    lamp_month_link="date_from=2025-10-01&amp;date_to=2025-10-31",
    pii_ref="S015",
    pii_original="010-5512-3098",
    pii_queries=("010-5512-3098", "5512", "3098", "750918-1234567", "750918", "1234567", "01055123098"),
    pii_fragments=("5512", "750918", "1234567"),
    pii_rest_query="차량 털이",
)


@pytest.fixture(params=[OWN, SHARED], ids=lambda d: d.name)
def dataset(request) -> Dataset:
    """Runs a test on the project's own corpus, and again on the shared sample when it is present."""
    if request.param is SHARED and shared_data_dir() is None:
        pytest.skip(SHARED_SKIP_REASON)
    return request.param


def index_all():
    from search.client import get_client, index_name
    from search.indexing import bulk_index_suggestions

    n = bulk_index_suggestions()
    get_client().indices.refresh(index=index_name("suggestions"))
    return n
