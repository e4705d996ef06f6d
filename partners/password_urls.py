"""Password reset for every kind of user (Django's views, our Korean templates), under
/accounts/password-reset/. Asking for a link is rate limited per address and per e-mail."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _

RESET_LIMIT = 5  # requests per hour, per client address and per e-mail


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        keys = [f"pwreset:ip:{self.request.META.get('REMOTE_ADDR', '')}", f"pwreset:email:{email}"]
        for key in keys:
            cache.add(key, 0, timeout=3600)
            if cache.incr(key) > RESET_LIMIT:
                form.add_error(None, _("비밀번호 재설정 요청이 너무 많습니다. 한 시간 뒤에 다시 시도하세요."))
                return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


urlpatterns = [
    path("", RateLimitedPasswordResetView.as_view(), name="password_reset"),
    path("sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
