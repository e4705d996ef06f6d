"""The audit-log viewer (Wagtail admin → 감사 기록): filter by actor, object (type / id), action and
period, paginated, and the same filtered rows as CSV (through core.spreadsheet's formula guard).

Core does not know who may read it (partners.access.can_view_audit does): the app that registers
the admin URLs passes that predicate to `urls()`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditLog
from .spreadsheet import cell

PER_PAGE = 50
CSV_CHUNK = 2000

MayView = Callable[[Any], bool]


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(label=gettext_lazy("행위자 (아이디 또는 번호)"), method="filter_actor")
    object_type = django_filters.CharFilter(label=gettext_lazy("대상 종류 (예: suggestions.suggestion)"))
    object_id = django_filters.CharFilter(label=gettext_lazy("대상 번호"))
    action = django_filters.CharFilter(label=gettext_lazy("작업 (앞부분, 예: moderation.)"), method="filter_action")
    since = django_filters.DateFilter(
        label=gettext_lazy("시작일"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput({"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=gettext_lazy("종료일"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput({"type": "date"}),
    )

    class Meta:
        model = AuditLog
        fields = ["actor", "object_type", "object_id", "action", "since", "until"]

    def filter_actor(self, qs: QuerySet[AuditLog], name: str, value: str) -> QuerySet[AuditLog]:
        value = value.strip()
        if value in ("-", _("시스템")):  # rows written by the system (no actor)
            return qs.filter(actor__isnull=True)
        by_name = Q(actor__username__iexact=value)
        return qs.filter(by_name | Q(actor_id=int(value)) if value.isdigit() and len(value) < 19 else by_name)

    def filter_action(self, qs: QuerySet[AuditLog], name: str, value: str) -> QuerySet[AuditLog]:
        return qs.filter(action__startswith=value.strip())


def filtered(params) -> AuditFilter:
    return AuditFilter(params, queryset=AuditLog.objects.select_related("actor").order_by("-created_at", "-id"))


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _rows(qs: QuerySet[AuditLog]) -> Iterator[list[Any]]:
    for row in qs.iterator(chunk_size=CSV_CHUNK):
        actor = row.actor.get_username() if row.actor else ""
        data = json.dumps(row.data, ensure_ascii=False, sort_keys=True)
        yield [_local(row.created_at), actor, row.action, row.object_type, row.object_id, data]


def csv_chunks(qs: QuerySet[AuditLog]) -> Iterator[str]:
    """The CSV (BOM and header first) in chunks of rows, so a long export streams instead of filling memory."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read the Korean as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([_("일시"), _("행위자"), _("작업"), _("대상 종류"), _("대상 번호"), _("내용")])
    for n, row in enumerate(_rows(qs), start=1):
        writer.writerow([cell(v) for v in row])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def urls(may_view: MayView) -> list:
    def check(request: HttpRequest) -> None:
        if not may_view(request.user):
            raise PermissionDenied

    def log(request: HttpRequest) -> HttpResponseBase:
        check(request)
        found = filtered(request.GET)
        qs = found.qs
        if request.GET.get("export") == "csv":
            response = StreamingHttpResponse(csv_chunks(qs), content_type="text/csv; charset=utf-8")
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
            return response
        page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"filter": found, "page": page, "query": query.urlencode()}
        return TemplateResponse(request, "core/admin/audit_log.html", context)

    return [path("", log, name="log")]
