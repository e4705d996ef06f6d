"""Issue 13: the API list and `export_suggestions` read a constant number of queries whatever the
number of rows (no N+1 on the published answer or the rating); a merge into a suggestion the actor
may not handle is refused exactly like a merge into a missing one."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suggestions import services
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def _answered_and_rated(world, n: int) -> None:
    for i in range(n):
        s = world.file(title=f"답변된 제안 {i}")
        a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=f"답변 {i}")
        services.submit_answer(world.officer_traffic, a)
        services.approve_answer(world.head_traffic, a)
        services.rate(world.member, s, 4, "고맙습니다")


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_the_api_list_reads_the_published_answers_in_constant_queries(client, world):
    def listing(expected: int):
        def run():
            response = client.get("/api/v1/suggestions/", {"page_size": 100})
            assert response.status_code == 200
            results = response.json()["results"]
            assert len(results) == expected and all(r["answer"]["body"].startswith("답변") for r in results)

        return run

    _answered_and_rated(world, 2)
    few = _queries(listing(2))
    _answered_and_rated(world, 5)
    many = _queries(listing(7))
    assert many == few


def test_export_suggestions_reads_ratings_in_constant_queries(world):
    def export(expected: int):
        def run():
            out = io.StringIO()
            call_command("export_suggestions", stdout=out)
            lines = out.getvalue().strip().splitlines()
            assert len(lines) == expected + 1 and all(",4," in line for line in lines[1:])

        return run

    _answered_and_rated(world, 2)
    few = _queries(export(2))
    _answered_and_rated(world, 5)
    many = _queries(export(7))
    assert many == few


def _safety_field(world):
    return next(f for name, f in world.fields.items() if world.department_for(name) == world.safety)


def test_a_merge_into_a_suggestion_the_officer_may_not_handle_is_refused(client, world):
    duplicate = world.file(title="교통 중복 제안")
    foreign = world.file(title="생활안전 제안", field=_safety_field(world), author=world.member_other)
    assert foreign.department == world.safety and duplicate.department == world.traffic
    client.force_login(world.officer_traffic)
    url = reverse("suggestions_inbox:action", args=[duplicate.pk, "merge"])
    refused = client.post(url, {"survivor": foreign.pk, "reason": "같은 장소"}, follow=True).content.decode()
    missing = client.post(url, {"survivor": 999_999, "reason": "같은 장소"}, follow=True).content.decode()
    assert "남길 제안 번호를 확인해 주세요." in refused and "남길 제안 번호를 확인해 주세요." in missing
    duplicate.refresh_from_db()
    foreign.refresh_from_db()
    assert duplicate.status != Suggestion.Status.MERGED and duplicate.merged_into is None
    assert foreign.support_count == 0 and not foreign.events.filter(kind="merged_in").exists()
