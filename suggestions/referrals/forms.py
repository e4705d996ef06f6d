"""Forms of the POST-CSO loop: they only collect input; the services validate the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..forms import MultipleFileField, MultipleFileInput
from .models import Agency, AgencyReferral, ChecklistItem, SiteCheckItem
from .site_checks import crime_prevention_officers

R = AgencyReferral.Status
OUTCOME_CHOICES = [(s.value, s.label) for s in (R.RECEIVED, R.IN_PROGRESS, R.DONE, R.IMPOSSIBLE)]


class PlanSiteCheckForm(forms.Form):
    scheduled_for = forms.DateField(label=_("진단 예정일"), widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label=_("진단 기한"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    assigned_to: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("담당 경찰관 (범죄예방)"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = crime_prevention_officers()
        field.label_from_instance = lambda u: u.get_full_name() or u.username


class ChecklistForm(forms.Form):
    """One result + note per checklist item (`result_<id>`, `note_<id>`), the finding, and the day
    the check was done (leave empty to save a draft of the checklist)."""

    finding = forms.CharField(label=_("진단 소견"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    done_on = forms.DateField(label=_("진단일"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items if items is not None else ChecklistItem.objects.filter(active=True))
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.label, choices=[("", "—"), *SiteCheckItem.Result.choices], required=False
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("%(item)s 메모") % {"item": item.label}, max_length=300, required=False
            )

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {i.pk: (data[f"result_{i.pk}"], data[f"note_{i.pk}"]) for i in self.items if data[f"result_{i.pk}"]}


class PhotosForm(forms.Form):
    photos = MultipleFileField(
        label=_("사진 (여러 장)"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        most = settings.SITE_CHECK_MAX_PHOTOS
        if len(files) > most:
            raise forms.ValidationError(_("사진은 한 번에 %(max)d장까지 올릴 수 있습니다.") % {"max": most})
        return files


class ReferForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("관계기관"), queryset=Agency.objects.filter(active=True))
    business_days = forms.IntegerField(
        label=_("회신 기한 (영업일)"), min_value=1, max_value=60, initial=settings.REFERRAL_REPLY_BUSINESS_DAYS
    )
    note = forms.CharField(label=_("전달 사항"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("조치 상태"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("조치 내용"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("조치 불가 사유"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def inbox_context() -> dict[str, object]:
    """The empty forms the inbox's POST-CSO panel shows (site checks, referrals)."""
    return {
        "plan_site_check_form": PlanSiteCheckForm(),
        "refer_form": ReferForm(),
        "outcome_form": OutcomeForm(),
        "result_choices": SiteCheckItem.Result.choices,
    }
