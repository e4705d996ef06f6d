"""Forms for the site and the Wagtail admin inbox. They only collect input; services validate rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Department, Field, PartnerGroup

from . import timebands
from .districts import DISTRICT_CHOICES
from .models import Answer, Suggestion


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("종류"), choices=Suggestion.Kind.choices, widget=forms.RadioSelect, initial=Suggestion.Kind.PROPOSAL
    )
    title = forms.CharField(label=_("제목"), max_length=200)
    body = forms.CharField(
        label=_("내용"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("전화번호·주민등록번호·이메일은 다른 회원과 공개 화면에서 가려집니다."),
    )
    field = forms.ModelChoiceField(label=_("분야"), queryset=Field.objects.all(), empty_label=None)
    group = forms.ModelChoiceField(label=_("단체"), queryset=PartnerGroup.objects.none(), empty_label=None)
    visibility = forms.ChoiceField(
        label=_("공개 범위"),
        choices=Suggestion.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Suggestion.Visibility.PARTNERS,
    )
    announcement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    district = forms.ChoiceField(label=_("자치구"), choices=[("", _("— 선택 —")), *DISTRICT_CHOICES], required=False)
    address = forms.CharField(label=_("주소·장소"), max_length=200, required=False)
    lat = forms.FloatField(label=_("위도"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("경도"), required=False, min_value=-180, max_value=180)
    time_band = forms.CharField(
        label=_("시간대"),
        max_length=11,
        required=False,
        help_text=_("예: 22:00-02:00"),
        widget=forms.TextInput(attrs={"placeholder": timebands.EXAMPLE, "pattern": timebands.HTML_PATTERN}),
    )
    risk_type = forms.ChoiceField(
        label=_("위험 유형"), choices=[("", _("— 선택 —")), *Suggestion.RiskType.choices], required=False
    )
    attachments = MultipleFileField(
        label=_("첨부 (사진·PDF)"),
        required=False,
        help_text=_("JPG·PNG·GIF·WEBP 이미지 또는 PDF. 위치 정보는 지워집니다."),
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups if groups is not None else PartnerGroup.objects.none()


class SupplementForm(forms.Form):
    text = forms.CharField(label=_("보완 내용"), widget=forms.Textarea(attrs={"rows": 4}))


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("만족도"),
        coerce=int,
        choices=[
            (5, _("5 매우 만족")),
            (4, _("4 만족")),
            (3, _("3 보통")),
            (2, _("2 불만족")),
            (1, _("1 매우 불만족")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("의견 (선택)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_complaint = forms.BooleanField(label=_("민원으로 접수"), required=False)


class NotificationSettingsForm(forms.Form):
    in_app = forms.BooleanField(label=_("사이트 알림"), required=False)
    email = forms.BooleanField(label=_("이메일"), required=False)
    sms = forms.BooleanField(label=_("문자(SMS)"), required=False)
    phone = forms.CharField(label=_("휴대전화"), required=False, max_length=20)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("철회 사유 (선택)"), required=False, max_length=500)


# --- Wagtail admin inbox ----------------------------------------------------------------------


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("결정"), choices=Answer.Decision.choices)
    body = forms.CharField(label=_("답변 내용"), widget=forms.Textarea(attrs={"rows": 10}))
    correction_reason = forms.CharField(
        label=_("정정 사유 (게시된 답변을 고칠 때)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The "저장하고 결재 요청" button (the template draws both buttons itself).
    then_submit = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("반려 사유"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("사유·내용"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(label=_("새 처리 기한"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("연장 사유"), widget=forms.Textarea(attrs={"rows": 2}))


class TransferForm(forms.Form):
    to_department = forms.ModelChoiceField(
        label=_("부서"), queryset=Department.objects.filter(is_active=True), required=False
    )
    reason = forms.CharField(label=_("사유"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideTransferForm(TransferForm):
    """HQ's answer to a transfer request: the 승인 button posts approve=1, 반려 approve=0."""

    approve = forms.CharField(required=False, widget=forms.HiddenInput)  # "1": approve; anything else: reject


class DecideExtensionForm(forms.Form):
    """The head's answer to an extension request: the 승인 button posts approve=1, 반려 approve=0."""

    approve = forms.CharField(required=False, widget=forms.HiddenInput)  # "1": approve; anything else: reject
    note = forms.CharField(label=_("결재 의견"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SiteCheckForm(forms.Form):
    scheduled_for = forms.DateField(label=_("진단 예정일"), widget=forms.DateInput(attrs={"type": "date"}))


class SiteCheckResultForm(forms.Form):
    done_on = forms.DateField(label=_("진단일"), widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.CharField(label=_("진단 결과"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("사진"), required=False)


class ReferralForm(forms.Form):
    agency = forms.CharField(label=_("기관"), max_length=100, help_text=_("예: 강북구청 교통행정과, 서울시설공단"))
    referred_on = forms.DateField(label=_("통보일"), widget=forms.DateInput(attrs={"type": "date"}))


class ReferralReplyForm(forms.Form):
    reply = forms.CharField(label=_("회신 내용"), widget=forms.Textarea(attrs={"rows": 3}))
    replied_on = forms.DateField(label=_("회신일"), widget=forms.DateInput(attrs={"type": "date"}))


class MergeForm(forms.Form):
    survivor = forms.IntegerField(label=_("남길 제안 번호"))
    reason = forms.CharField(label=_("사유"), required=False)


class ImplementForm(forms.Form):
    summary = forms.CharField(label=_("변경 내용"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    implemented_on = forms.DateField(label=_("반영일"), required=False)
    announcement = forms.IntegerField(label=_("관련 공지 페이지 번호 (선택)"), required=False, min_value=1)
    reason = forms.CharField(label=_("메모"), required=False)
