"""청렴 콜 forms (Wagtail admin pages): field-level checks only; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import CallbackCase
from .selectors import AGES, callers_q

C = CallbackCase


class QueueFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("유입 경로"), required=False, choices=[("", _("전체")), *C.Source.choices])
    state = forms.ChoiceField(
        label=_("상태"),
        required=False,
        choices=[("", _("처리 중인 건")), *C.State.choices, ("all", _("전체"))],
    )
    assignee = forms.ChoiceField(label=_("담당"), required=False)
    age = forms.ChoiceField(
        label=_("경과"),
        required=False,
        choices=[("", _("전체")), *[(a, _("%(n)s일 이상") % {"n": a}) for a in AGES]],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(callers_q()).select_related("profile").order_by("username")
        self.fields["assignee"].choices = [
            ("", _("전체")),
            ("me", _("내 담당")),
            ("none", _("미배정")),
            *[(str(u.pk), str(getattr(u, "profile", None) or u.get_username())) for u in people],
        ]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("담당 점검관"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": _("민원 점검관 계정을 골라 주세요."),
            "invalid_choice": _("민원 점검관 계정을 골라 주세요."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = get_user_model().objects.filter(callers_q()).order_by("username")


class CallForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("통화 연결"),
        choices=[("yes", _("연결됨")), ("no", _("연결 안 됨"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("통화 연결 여부를 골라 주세요.")},
    )
    at = forms.DateTimeField(
        label=_("통화 일시"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": _("통화 일시를 YYYY-MM-DD HH:MM 형식으로 적어 주세요.")},
    )
    note = forms.CharField(label=_("통화 내용 (개인정보는 가려서 저장됩니다)"), required=False, widget=forms.Textarea)


class RelayForm(forms.Form):
    request = forms.CharField(
        label=_("부서에 요청할 내용"),
        widget=forms.Textarea,
        error_messages={"required": _("부서에 요청할 내용을 적어 주세요.")},
    )


class AnswerBackForm(forms.Form):
    message = forms.CharField(
        label=_("제안자에게 보낼 회신"),
        widget=forms.Textarea,
        error_messages={"required": _("제안자에게 보낼 회신 내용을 적어 주세요.")},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("처리 결과"),
        choices=C.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("처리 결과를 골라 주세요."), "invalid_choice": _("처리 결과를 골라 주세요.")},
    )
    note = forms.CharField(label=_("메모 (재검토 지시는 사유 필수)"), required=False, widget=forms.Textarea)


class RelayResponseForm(forms.Form):
    response = forms.CharField(
        label=_("회신 내용"), widget=forms.Textarea, error_messages={"required": _("회신 내용을 적어 주세요.")}
    )
