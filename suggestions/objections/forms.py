from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ObjectionForm(forms.Form):
    # Required is checked by the service too (its Korean message reaches the API the same way).
    reason = forms.CharField(
        label=_("이의신청 사유"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ObjectionResponseForm(forms.Form):
    response = forms.CharField(
        label=_("이의신청에 대한 답변"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
