from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("초대할 이메일"))


class AcceptInvitationForm(forms.Form):
    username = forms.RegexField(
        label=_("아이디"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("영문, 숫자, @ . + - _ 만 사용할 수 있습니다."),
    )
    display_name = forms.CharField(label=_("표시 이름"), max_length=50, required=False)
    password1 = forms.CharField(label=_("비밀번호"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("비밀번호 확인"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("비밀번호가 서로 다릅니다."))
        elif data.get("password1"):
            candidate = User(username=data.get("username", ""))
            try:
                password_validation.validate_password(data["password1"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("인증 코드 (6자리)"),
        regex=r"^\d{6}$",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PoliceInviteForm(forms.Form):
    email = forms.EmailField(label=_("초대할 이메일"))
    role = forms.ChoiceField(label=_("역할"))
    department: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("부서"), queryset=None, required=False, empty_label=_("(본청)")
    )

    def __init__(self, *args, **kwargs):
        from .models import Department, PoliceInvitation

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = PoliceInvitation.Role.choices
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
