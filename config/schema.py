"""OpenAPI schema scope: only the project's own API under /api/v1/ (not Wagtail's admin API)."""


def only_api_v1(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
