from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    services = health.status()
    healthy = all(s["up"] for s in services.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "services": services}, status=200 if healthy else 503
    )
