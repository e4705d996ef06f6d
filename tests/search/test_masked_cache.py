"""The masked texts stored with the analysis (search.stored_analysis): reused only for the same raw
texts and masking code, never holding what masking removes."""

from __future__ import annotations

from search import stored_analysis as sa
from suggestions.models import Suggestion

PHONE = "010-1234-5678"


def _suggestion(title: str, body: str) -> Suggestion:
    s = Suggestion(title=title, body=body)
    s.published_answers = []  # type: ignore[attr-defined]  # as the bulk queryset prefetches it
    return s


def test_stored_masked_texts_are_reused_for_the_same_raw_texts(monkeypatch):
    s = _suggestion("가로등 고장 신고", f"<p>연락처 {PHONE} 로 주세요</p>")
    texts = sa.masked_texts_of(s.title, s.body, None)
    s.analysis = sa.masked_entry(s.title, s.body, None, texts)
    assert PHONE not in str(s.analysis) and "1234" not in str(s.analysis)

    def no_masking(*args):
        raise AssertionError("masked again")

    monkeypatch.setattr(sa, "masked_texts_of", no_masking)
    assert sa.masked_texts(s) == texts


def test_an_edited_text_or_a_new_answer_is_masked_again():
    s = _suggestion("가로등 고장 신고", "<p>골목이 어둡습니다</p>")
    s.analysis = sa.masked_entry(s.title, s.body, None, {"title": "옛 제목", "body": "옛 본문", "answer": ""})
    s.body = f"<p>골목이 어둡습니다. 제 번호는 {PHONE}</p>"
    again = sa.masked_texts(s)
    assert "옛 본문" not in again["body"] and PHONE not in again["body"] and "골목이 어둡습니다" in again["body"]
    # Same raw texts, but an answer now published: its text must be masked and shown too.
    s.analysis = sa.masked_entry(s.title, s.body, None, again)
    assert sa.raw_hash(s.title, s.body, None) != sa.raw_hash(s.title, s.body, "")


def test_the_masking_code_is_part_of_the_key(monkeypatch):
    s = _suggestion("제목입니다", "<p>본문입니다</p>")
    s.analysis = sa.masked_entry(s.title, s.body, None, {"title": "낡은 마스킹", "body": "낡은", "answer": ""})
    monkeypatch.setattr(sa, "MASKING_VERSION", "changed-rules")
    assert sa.masked_texts(s)["title"] == "제목입니다"
