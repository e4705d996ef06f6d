"""The one set of suggestion list filters (django-filter), shared by the public list, the API and the
department inbox. Each caller accepts only the parameters it always accepted (the subclasses below);
the meaning of a parameter is written once, here.

Parameters: status, kind, district, station (name; exact); field, group (pk if digits, else slug); department (pk);
due (overdue | soon = within 3 business days | YYYY-MM-DD = due on or before); q (title contains);
mine (1/true: the caller's own); all (inbox: include closed ones when no status is chosen).
Values are taken as given (not stripped) and never make the form invalid, so junk filters to
nothing instead of answering 400/500.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from . import deadlines
from .models import Suggestion
from .workflow import CLOCK_STATES, INACTIVE_STATES

# Hidden from the inbox by default: nothing is left for the department to do.
INBOX_HIDDEN: frozenset[str] = INACTIVE_STATES | {Suggestion.Status.IMPLEMENTED}


class ParamField(forms.CharField):
    """A raw query parameter. NUL is dropped: PostgreSQL text cannot hold it (it answered 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strip", False)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return (super().to_python(value) or "").replace("\x00", "")


class Param(django_filters.CharFilter):
    field_class = ParamField


def _is_pk(value: str) -> bool:
    return value.isdigit() and len(value) < 19  # longer overflows bigint: 500 before


def _pk_or_slug(qs: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
    if _is_pk(value):
        return qs.filter(**{f"{name}_id": value})
    return qs.filter(**{f"{name}__slug": value})


class SuggestionFilter(django_filters.FilterSet):
    """Every parameter; callers use the subclass naming what they accept (`accepted`)."""

    accepted: tuple[str, ...] | None = None  # None: all of them

    status = Param(field_name="status")
    kind = Param(field_name="kind")
    field = Param(method="filter_pk_or_slug")
    group = Param(method="filter_pk_or_slug")
    district = Param(field_name="district")
    station = Param(field_name="station__name")
    department = Param(method="filter_department")
    due = Param(method="filter_due")
    q = Param(field_name="title", lookup_expr="icontains")
    mine = Param(method="filter_mine")
    all = Param(method="filter_all")

    class Meta:
        model = Suggestion
        fields: list[str] = []

    @classmethod
    def get_filters(cls) -> dict[str, Any]:
        # Parameters the caller never accepted are dropped from the class (so from the OpenAPI schema,
        # which reads base_filters too), so they are ignored as before.
        found = super().get_filters()
        if cls.accepted is None:
            return found
        return {name: f for name, f in found.items() if name in cls.accepted}

    def filter_pk_or_slug(self, qs: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        return _pk_or_slug(qs, name, value)

    def filter_department(self, qs: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        return qs.filter(department_id=value) if _is_pk(value) else qs.none()

    def filter_due(self, qs: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        today = deadlines.local_today()
        if value == "overdue":
            return qs.filter(status__in=CLOCK_STATES, due_date__lt=today)
        if value == "soon":
            soon = deadlines.add_business_days(today, 3)
            return qs.filter(status__in=CLOCK_STATES, due_date__gte=today, due_date__lte=soon)
        with contextlib.suppress(ValueError):
            qs = qs.filter(due_date__lte=dt.date.fromisoformat(value))
        return qs

    def filter_mine(self, qs: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        user = getattr(self.request, "user", None)
        if value in ("1", "true") and user is not None and user.is_authenticated:
            return qs.filter(author=user)
        return qs

    def filter_all(self, qs: QuerySet[Suggestion], name: str, value: str) -> QuerySet[Suggestion]:
        return qs  # read by InboxFilter.filter_queryset: it only switches the default exclusion off


class PublicListFilter(SuggestionFilter):
    """The site's suggestion list (suggestions.views.suggestion_list)."""

    accepted = ("status", "kind", "field", "district", "q")


class ApiFilter(SuggestionFilter):
    """GET /api/v1/suggestions/ (suggestions.api.SuggestionViewSet; the OpenAPI LIST_PARAMS)."""

    accepted = ("status", "kind", "field", "group", "district", "station", "due", "mine")


class InboxFilter(SuggestionFilter):
    """The department inbox: closed suggestions (withdrawn, merged, implemented) are hidden unless a
    status is chosen or `all` is set."""

    accepted = ("status", "due", "field", "group", "kind", "department", "station", "q", "all")

    def filter_queryset(self, queryset: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
        qs = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("status") and not data.get("all"):
            qs = qs.exclude(status__in=INBOX_HIDDEN)
        return qs


def filtered(
    filterset: type[SuggestionFilter], qs: QuerySet[Suggestion], params: Any, request: Any = None
) -> QuerySet[Suggestion]:
    """`qs` narrowed by `params` (request.GET or a plain dict) through `filterset`."""
    return filterset(params if params is not None else {}, queryset=qs, request=request).qs
