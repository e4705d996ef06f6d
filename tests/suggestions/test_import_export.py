"""import_suggestions / export_suggestions / demo.seed against real PostgreSQL."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from core.models import AuditLog
from demo import suggestions as demo
from partners.models import PartnerGroup
from suggestions.models import Answer, Suggestion

pytestmark = pytest.mark.django_db

GOOD = {
    "id": "T001",
    "title": "상도동 골목 가로등",
    "body": "가로등이 꺼져 있어요. 연락처 010-1111-2222",
    "partner_group": "brand-new-group",
    "field": "범죄예방",
    "district": "동작구",
    "lat": 37.5,
    "lon": 126.95,
    "created_at": "2026-09-24",
    "kind": "field_report",
    "time_band": "22:00-01:00",
    "theme": "streetlights",
    "unknown_key": {"ignored": True},
}


def write_lines(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_good_and_bad_lines_idempotent(world, tmp_path, capsys):
    bad_kind = {**GOOD, "id": "T002", "kind": "rant"}
    unknown_field = {**GOOD, "id": "T003", "field": "우주"}
    hostile = {
        **GOOD,
        "id": "T004",
        "title": "CCTV 요청<img src=x onerror=alert(1)>",
        "body": "<script>alert(1)</script>본문 <a href=\"javascript:alert('xss')\">사진</a>",
        "partner_group": "seoul-moms-cafe",
    }
    lines = [
        json.dumps(GOOD, ensure_ascii=False),
        "{not json",
        json.dumps(bad_kind, ensure_ascii=False),
        json.dumps(unknown_field, ensure_ascii=False),
        json.dumps({"id": "T005"}),
        json.dumps(hostile, ensure_ascii=False),
    ]
    path = write_lines(tmp_path, lines)
    call_command("import_suggestions", str(path), "--no-progress")
    out = capsys.readouterr()
    for n in (2, 3, 4, 5):
        assert f"in.jsonl:{n}:" in out.err
    assert "in.jsonl:1:" not in out.err and "in.jsonl:6:" not in out.err
    assert "필수 항목 없음" in out.err
    assert "새로 2건" in out.out and "오류 4건" in out.out
    s = Suggestion.objects.get(ref="T001")
    assert s.status == Suggestion.Status.ASSIGNED and s.department.slug == "community-safety"
    assert s.time_band == "22:00-01:00" and s.created_at.date().isoformat() == "2026-09-24"
    assert s.received_at == s.created_at and s.due_date is not None
    assert PartnerGroup.objects.filter(slug="brand-new-group").exists()
    assert list(s.events.values_list("kind", flat=True)) == ["submitted", "received", "assigned"]
    assert AuditLog.objects.filter(object_type="suggestions.suggestion", object_id=str(s.pk)).count() == 3
    h = Suggestion.objects.get(ref="T004")
    assert h.title == "CCTV 요청" and "<script" not in h.body and "javascript:" not in h.body
    # second run: nothing new, nothing lost
    call_command("import_suggestions", str(path), "--no-progress")
    assert "새로 0건, 이미 있음 2건" in capsys.readouterr().out
    assert Suggestion.objects.filter(ref__startswith="T00").count() == 2


def test_import_answers_and_export_csv(world, tmp_path, capsys):
    path = write_lines(tmp_path, [json.dumps(GOOD, ensure_ascii=False)])
    answers = write_lines(
        tmp_path,
        [
            json.dumps(
                {
                    "suggestion_id": "T001",
                    "department": "community-safety",
                    "decision": "under_review",
                    "body": "검토 중입니다.",
                },
                ensure_ascii=False,
            ),
            json.dumps({"suggestion_id": "NOPE", "department": "traffic", "decision": "accepted", "body": "x"}),
        ],
        name="answers.jsonl",
    )
    call_command("import_suggestions", str(path), "--answers", str(answers), "--no-progress")
    assert "answers.jsonl:2:" in capsys.readouterr().err
    s = Suggestion.objects.get(ref="T001")
    assert s.status == Suggestion.Status.ANSWERED
    a = s.answers.get()
    assert a.state == Answer.State.PUBLISHED and a.decision == Answer.Decision.LONG_TERM
    out = io.StringIO()
    call_command("export_suggestions", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    row = next(r for r in rows if r["ref"] == "T001")
    assert row["status"] == "answered" and row["decision"] == "long_term"
    assert "010-1111-2222" not in out.getvalue() and "***-****-****" in row["body_text"]
    unmasked = io.StringIO()
    call_command("export_suggestions", "--unmasked", stdout=unmasked)
    assert "010-1111-2222" in unmasked.getvalue()


def test_import_shared_sample_file(world, settings):
    path = settings.SHARED_DATA_DIR / "sample_suggestions.jsonl"
    if not path.is_file():
        pytest.skip("shared sample data not present")
    call_command("import_suggestions", str(path), "--answers", str(settings.SHARED_DATA_DIR / "sample_answers.jsonl"))
    assert Suggestion.objects.filter(ref__regex=r"^S\d{3}$").count() == 120
    assert Answer.objects.filter(state=Answer.State.PUBLISHED).count() == 40
    assert not Suggestion.objects.filter(title__contains="<").exists()


def test_demo_seed_from_shipped_fixtures_is_idempotent(world, tmp_path, settings):
    settings.SHARED_DATA_DIR = tmp_path / "nothing-here"
    first = demo.seed()
    assert "demo_suggestions.jsonl: 새로 30" in first
    assert Suggestion.objects.filter(ref__startswith="D0").count() == 30
    assert Suggestion.objects.filter(ref__startswith="D0", status="answered").count() == 8
    live3 = Suggestion.objects.get(ref="DEMO-LIVE-3")
    assert live3.status == "answered" and live3.current_rating.score == 5
    assert Answer.objects.get(suggestion__ref="DEMO-LIVE-2").state == Answer.State.PENDING
    count = Suggestion.objects.count()
    second = demo.seed()
    assert "새로 0" in second and Suggestion.objects.count() == count
    hostile = Suggestion.objects.get(ref="D028")
    assert "<script" not in hostile.title and "onerror" not in hostile.body
