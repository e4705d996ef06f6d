"""The Kiwi user dictionary (search.models.UserWord): shipped compounds stay whole, HQ edits it in
the Wagtail admin, a change applies to query analysis at once and to documents on re-analysis."""

import io
import json
import time
from pathlib import Path

import pytest

from search import analysis
from search.models import UserWord
from search.stored_analysis import analysis_is_current, analysis_of, masked_texts_of
from search.wagtail_hooks import HQPermissionPolicy

pytestmark = pytest.mark.django_db

NEW_WORD = "야간보행로"  # Kiwi alone: 야간 + 보행로


@pytest.fixture
def fresh_dictionary():
    """The test changes the table; afterwards (rolled back) the next analysis re-reads it."""
    yield
    analysis.forget_dictionary_check()


def test_defaults_seeded_by_migration_and_compounds_stay_whole():
    forms = set(UserWord.objects.values_list("form", flat=True))
    assert {"전동킥보드", "개인형이동장치", "보이스피싱", "불법촬영", "스쿨존", "안심귀갓길", "탄력순찰"} <= forms
    result = analysis.analyze("전동킥보드를 타고 어린이보호구역을 지나는 현금수거책")
    for word in ("전동킥보드", "어린이보호구역", "현금수거책"):
        assert word in result["nouns"], word
    assert "전동킥" not in result["morphs"].split() and "전동킥" not in result["nouns"]
    assert "킥" not in result["nouns"]  # parts are searchable morphemes, not theme keywords
    spaced = analysis.analyze_query("전동 킥보드")  # written apart it still matches through the parts
    assert set(analysis.analyze_query("전동킥보드")["base"]) <= set(spaced["morphs"].split())


def test_adding_an_entry_changes_query_analysis_at_once(fresh_dictionary):
    before = analysis.analyze_query(NEW_WORD)
    assert "야간" in before["nouns"] and before["base"] == ["야간", "보행로"]  # Kiwi's split + compound
    fingerprint = analysis.dictionary_fingerprint()
    word = UserWord.objects.create(form=NEW_WORD, tag="NNG")
    after = analysis.analyze_query(f"{NEW_WORD}가 어두워요")
    assert NEW_WORD in after["nouns"] and "야간" not in after["nouns"] and NEW_WORD in after["compounds"]
    assert after["base"][:2] == ["야간", "보행로"]  # the parts still go to the full-text match
    assert analysis.dictionary_fingerprint() != fingerprint
    word.is_active = False
    word.save()
    assert "야간" in analysis.analyze_query(NEW_WORD)["nouns"]
    assert analysis.dictionary_fingerprint() == fingerprint


def test_a_change_made_elsewhere_applies_within_the_check_interval(fresh_dictionary):
    analysis.analyze_query(NEW_WORD)
    # .update() sends no signal: this process learns of it like another process's write would.
    UserWord.objects.filter(form="전동킥보드").update(is_active=False, updated_at=time_now())
    time.sleep(analysis.DICTIONARY_CHECK_SECONDS + 0.1)
    result = analysis.analyze_query("전동킥보드")
    assert "전동킥" in result["compounds"]  # Kiwi's own split again, fragments and all


def time_now():
    from django.utils import timezone

    return timezone.now()


def test_documents_are_reanalysed_after_a_dictionary_change(fresh_dictionary):
    texts = masked_texts_of(f"{NEW_WORD} 조명", f"<p>{NEW_WORD}가 밤에 어둡습니다</p>", None)
    stored = analysis_of(texts)
    assert analysis_is_current(stored, texts) and stored["dictionary"] == analysis.dictionary_fingerprint()
    assert "야간" in stored["body"]["nouns"]
    UserWord.objects.create(form=NEW_WORD)
    assert not analysis_is_current(stored, texts)  # the next index or rebuild redoes it
    redone = analysis_of(texts)
    assert "야간" not in redone["body"]["nouns"] and analysis_is_current(redone, texts)


def test_only_hq_and_admins_may_edit(world):
    policy = HQPermissionPolicy(UserWord)
    assert policy.user_has_permission(world.hq, "add")
    assert policy.user_has_permission(world.admin, "delete")
    assert not policy.user_has_any_permission(world.member, ["add", "change", "delete"])
    assert not policy.user_has_permission(world.officer_traffic, "change")


def test_hq_adds_a_word_in_the_wagtail_admin(world, client, fresh_dictionary):
    client.force_login(world.hq)
    listing = client.get("/admin/snippets/search/userword/")
    assert listing.status_code == 200 and "가정폭력" in listing.content.decode()  # first page, by form
    refused = client.post("/admin/snippets/search/userword/add/", {"form": "야간 보행로", "tag": "NNG", "score": "0"})
    assert refused.status_code == 200 and "띄어쓰기나 기호 없이" in refused.content.decode()
    assert not UserWord.objects.filter(form__contains="보행로").exists()
    response = client.post(
        "/admin/snippets/search/userword/add/", {"form": NEW_WORD, "tag": "NNG", "score": "0", "is_active": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert UserWord.objects.get(form=NEW_WORD).created_by == world.hq
    assert "야간" not in analysis.analyze_query(NEW_WORD)["nouns"]
    client.force_login(world.member)
    assert client.get("/admin/snippets/search/userword/").status_code in (302, 403)


CORPUS = Path(__file__).resolve().parents[2] / "bench" / "quality" / "v2" / "corpus.jsonl"
CANDIDATE = "킥보드"  # written hundreds of times there; Kiwi alone splits it into 킥 + 보드


def test_candidates_are_suggested_and_hq_accepts_one(world, client, fresh_dictionary):
    from django.core.management import call_command

    from core.models import AuditLog

    for line in CORPUS.read_text(encoding="utf-8").splitlines()[:300]:
        row = json.loads(line)
        world.suggestion(row["title"], row["body"])
    out = io.StringIO()
    call_command("search_suggest_words", stdout=out)
    assert f"{CANDIDATE}\t" in out.getvalue() and "킥 + 보드" in out.getvalue()
    assert not UserWord.objects.filter(form=CANDIDATE).exists()  # suggested, never added by itself

    client.force_login(world.member)
    assert client.get("/admin/search/words/").status_code in (302, 404)
    client.force_login(world.hq)
    page = client.get("/admin/search/words/")
    assert page.status_code == 200 and CANDIDATE in page.content.decode()
    response = client.post("/admin/search/words/accept/", {"form": CANDIDATE, "tag": "NNG"})
    assert response.status_code == 302
    word = UserWord.objects.get(form=CANDIDATE)
    assert word.tag == "NNG" and word.created_by == world.hq
    assert AuditLog.objects.filter(action="search.user_word.create").exists()
    assert analysis.analyze_query(CANDIDATE)["nouns"] == [CANDIDATE]  # applies at once
    again = client.post("/admin/search/words/accept/", {"form": CANDIDATE, "tag": "NNG"}, follow=True)
    assert UserWord.objects.filter(form=CANDIDATE).count() == 1 and "이미" in again.content.decode()
    assert CANDIDATE not in client.get("/admin/search/words/").content.decode()
