"""What the site shows (issue 13): the line breaks typed in a proposal and in an official answer
survive on the detail page and in the department inbox (still sanitized and masked), and the inbox
pager keeps the filters."""

import html
import re

import pytest
from django.urls import reverse

from suggestions import services
from suggestions.models import Suggestion

BODY = "첫째 줄\n둘째 줄 010-1234-5678\n\n새 문단 <script>alert(1)</script><img src=x onerror=alert(2)>"
ANSWER = "답변 첫 줄\r\n답변 둘째 줄\r\n\r\n답변 새 문단"


@pytest.fixture
def answered(world):
    s = world.file(body=BODY)
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=ANSWER)
    services.submit_answer(world.officer_traffic, a)
    services.approve_answer(world.head_traffic, a)
    return s


def _block(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</div>', page, re.S)
    assert match, element_id
    return match.group(1)


def _safe(fragment: str) -> None:
    lowered = fragment.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "<img" not in lowered


@pytest.mark.django_db
def test_line_breaks_of_a_proposal_and_its_answer_show_on_the_detail_page(client, world, answered):
    page = client.get(reverse("suggestions:detail", args=[answered.pk])).content.decode()
    body = _block(page, "suggestion-body")
    assert "<p>첫째 줄<br>둘째 줄 ***-****-****</p>" in body  # a line break, masked for the public
    assert "<p>새 문단" in body
    _safe(body)
    answer = re.search(r'class="answer-body">(.*?)</div>', page, re.S).group(1)
    assert "<p>답변 첫 줄<br>답변 둘째 줄</p><p>답변 새 문단</p>" in answer


@pytest.mark.django_db
def test_line_breaks_show_in_the_department_inbox(client, world, answered):
    client.force_login(world.officer_traffic)
    page = client.get(reverse("suggestions_inbox:detail", args=[answered.pk])).content.decode()
    body = _block(page, "inbox-body")
    assert "<p>첫째 줄<br>둘째 줄 010-1234-5678</p>" in body  # the police see the original
    _safe(body)
    assert "<p>답변 첫 줄<br>답변 둘째 줄</p><p>답변 새 문단</p>" in page


@pytest.mark.django_db
def test_rich_text_keeps_its_own_paragraphs(client, world):
    s = world.file(body="<p>하나</p>\n<ul>\n<li>가</li>\n<li>나\n다</li>\n</ul>\n<p>둘</p>")
    body = _block(client.get(reverse("suggestions:detail", args=[s.pk])).content.decode(), "suggestion-body")
    assert body.strip() == "<p>하나</p><ul><li>가</li><li>나<br>다</li></ul><p>둘</p>"  # no stray breaks


@pytest.mark.django_db
def test_the_inbox_pager_keeps_the_filters(client, world):
    for n in range(55):
        world.suggestion(f"보행 제안 {n}", "<p>내용</p>", field="교통", kind=Suggestion.Kind.PROPOSAL)
    for n in range(5):
        world.suggestion(f"현장 의견 {n}", "<p>내용</p>", field="교통", kind=Suggestion.Kind.FIELD_REPORT)
    client.force_login(world.officer_traffic)
    first = client.get(reverse("suggestions_inbox:index"), {"kind": "proposal", "q": "보행"}).content.decode()
    assert "1 / 2" in first
    next_link = re.search(r'<a href="([^"]*)">다음</a>', first).group(1)
    query = html.unescape(next_link)
    assert "kind=proposal" in query and "q=%EB%B3%B4%ED%96%89" in query and "page=2" in query
    second = client.get(reverse("suggestions_inbox:index") + query).content.decode()
    rows = re.findall(r'<tr class="[^"]*" data-id="\d+">.*?</tr>', second, re.S)
    assert len(rows) == 5 and all("보행 제안" in row for row in rows)
    previous = html.unescape(re.search(r'<a href="([^"]*)">이전</a>', second).group(1))
    assert "kind=proposal" in previous and "page=1" in previous
