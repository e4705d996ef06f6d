import re

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.views import healthz
from partners.token_views import issue_token
from suggestions.media_views import media

api_v1: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI (drf-spectacular-sidecar) with its settings as a script of ours: the CSP allows no inline one.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-v1:schema"), name="docs"),
    path("auth/token", issue_token, name="auth-token"),
    path("", include("suggestions.api_urls")),
    path("", include("places.api_urls")),
    path("", include("search.api_urls")),
    path("", include("briefings.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", include("partners.password_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include((api_v1, "api-v1"))),
    path("partners/", include("partners.urls")),
    path("suggestions/", include("suggestions.urls")),
    path("hq/briefings/", include("briefings.urls")),
    path("hq/", include("search.urls")),
]

# Uploads (attachments, site-check photos) only through their access check, in every setting:
# never `static()` or a web-server alias on MEDIA_ROOT (see suggestions.media_views).
urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media, name="media")]

# Wagtail's page tree serves everything else (home page, announcements).
urlpatterns += [path("", include(wagtail_urls))]
