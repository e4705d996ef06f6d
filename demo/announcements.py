"""Demo pages: the home page (default Site root), /announcements/ and four policy announcements.

Idempotent: pages are found by slug and left alone when they exist (editors may have changed them).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

from announcements.models import AnnouncementIndexPage, HomePage, PolicyAnnouncementPage
from partners.models import Department, Field
from partners.services import auth_groups
from search.indexing import schedule_announcement_index

HOME_SLUG = "cheong-home"
INDEX_SLUG = "announcements"

ANNOUNCEMENTS: list[dict] = [
    {
        "slug": "traffic-redesign",
        "title": "교통 Re-디자인: 어린이 보호구역과 생활도로 안전",
        "summary": "통학로·생활도로의 신호, 횡단보도, 단속 장비 배치를 주민 제안으로 다시 설계합니다.",
        "department": "traffic",
        "fields": ["traffic", "women-children"],
        "open_days": 60,
        "partners_only": False,
        "body": [
            ("heading", "추진 배경"),
            (
                "paragraph",
                "<p>어린이 보호구역 사고의 상당수가 등하교 시간 생활도로에서 발생합니다. "
                "현장을 가장 잘 아는 녹색어머니회·모범운전자회의 의견을 받아 신호 주기와 "
                "횡단보도 위치를 조정하려 합니다.</p>",
            ),
            ("heading", "제안받는 내용"),
            (
                "paragraph",
                "<ul><li>신호 대기 시간이 지나치게 긴 횡단보도</li>"
                "<li>불법 주정차로 시야가 가려지는 통학로</li><li>과속 단속 장비가 필요한 지점</li></ul>",
            ),
            ("quote", "우리 동네 길은 우리가 제일 잘 압니다."),
        ],
    },
    {
        "slug": "basic-order-redesign",
        "title": "기본질서 Re-디자인: 생활 속 무질서 줄이기",
        "summary": "음주 소란, 쓰레기 무단투기, 노상 방뇨 등 생활 무질서 대응 방식을 함께 바꿉니다.",
        "department": "community-safety",
        "fields": ["crime-prevention"],
        "open_days": 45,
        "partners_only": False,
        "body": [
            ("heading", "무엇이 달라지나요"),
            (
                "paragraph",
                "<p>단속 위주에서 예방 위주로 바꾸기 위해 반복 민원 지역을 지도에 표시하고, "
                "자율방범대 순찰 경로와 연계합니다.</p>",
            ),
            ("paragraph", "<p>먹자골목, 공원, 역세권 등 무질서가 반복되는 장소와 시간대를 알려 주세요.</p>"),
        ],
    },
    {
        "slug": "investigation-public-trust",
        "title": "수사 국민 신뢰 향상 방안",
        "summary": "사건 처리 진행 상황 안내와 피해자 보호 절차 개선을 위한 의견을 듣습니다.",
        "department": "investigation",
        "fields": ["investigation-security"],
        "open_days": None,
        "partners_only": False,
        "body": [
            ("heading", "개선 방향"),
            (
                "paragraph",
                "<p>고소·고발인에게 수사 진행 단계를 문자로 안내하고, 보이스피싱 등 서민 경제 범죄의 "
                "피해 회복 절차를 알기 쉽게 정리했습니다.</p>",
            ),
            ("quote", "수사의 공정성과 투명성이 신뢰의 출발점입니다."),
        ],
    },
    {
        "slug": "relationship-crime-response",
        "title": "관계성 범죄 대응 강화 (파트너스 공유)",
        "summary": "스토킹·교제폭력·가정폭력 등 관계성 범죄의 초기 대응과 피해자 안전조치 개선안입니다.",
        "department": "women-youth",
        "fields": ["women-children", "crime-prevention"],
        "open_days": 30,
        "partners_only": True,
        "body": [
            ("heading", "파트너스께 드리는 안내"),
            (
                "paragraph",
                "<p>이 공지는 치안파트너스 회원에게만 공개됩니다. 관계성 범죄는 반복·심화되는 특성이 있어 "
                "주변의 조기 신고가 중요합니다. 현장에서 느끼신 어려움과 개선 아이디어를 제안해 주세요.</p>",
            ),
            (
                "paragraph",
                "<ul><li>피해자 보호시설·안심 귀가 서비스 연계</li><li>스마트워치 지급 절차</li>"
                "<li>주거지 주변 순찰 강화 요청 방법</li></ul>",
            ),
        ],
    },
]


def _root() -> Page:
    """Wagtail's tree root (made by its migrations; recreated if a test flush removed it)."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    return root


def _home() -> HomePage:
    home = HomePage.objects.filter(slug=HOME_SLUG).first()
    root = _root()
    if home is None:
        home = HomePage(
            title="청(聽) 치안파트너스 정책 제안",
            slug=HOME_SLUG,
            intro="<p>서울경찰청이 치안파트너스의 목소리를 듣습니다. 정책 공지를 확인하고 제안을 남겨 주세요.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="청")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's placeholder "Welcome" page is not ours: remove it when nothing hangs below it.
        if type(old_root.specific) is Page and old_root.is_leaf():
            old_root.delete()
    return home


def _index(home: HomePage) -> AnnouncementIndexPage:
    index = AnnouncementIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = AnnouncementIndexPage(
            title="정책 공지",
            slug=INDEX_SLUG,
            intro="<p>경찰이 치안파트너스에게 알리는 정책과 제안 모집 공지입니다.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def restrict_to_partners(page: Page) -> PageViewRestriction:
    """Partners-only: the 치안파트너스 and 경찰 auth groups (partners.services keeps them in step)."""
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(auth_groups())
    return restriction


@transaction.atomic
def seed_pages() -> list[str]:
    """Create what is missing; returns one line per thing created."""
    done: list[str] = []
    home = _home()
    index = _index(home)
    today = timezone.localdate()
    for spec in ANNOUNCEMENTS:
        if PolicyAnnouncementPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = PolicyAnnouncementPage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            body=[(kind, value) for kind, value in spec["body"]],
            department=Department.objects.filter(slug=spec["department"]).first(),
            open_until=today + datetime.timedelta(days=spec["open_days"]) if spec["open_days"] else None,
        )
        index.add_child(instance=page)
        page.fields.set(Field.objects.filter(slug__in=spec["fields"]))
        page.save_revision().publish()
        if spec["partners_only"]:
            restrict_to_partners(page)
        schedule_announcement_index(page.pk)  # what the admin's after_publish_page hook does
        done.append(f"announcement: {page.title}{' (파트너스 전용)' if spec['partners_only'] else ''}")
    return done
