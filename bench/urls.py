"""Benchmark URLs (ROOT_URLCONF in bench/settings.py): the project's URLs plus two bench-only views.

- /bench/trivial/: plain Django, no database, no template: the floor the page throughput is
  divided by (bench/measure_load.py, peak_ratio).
- /bench/loaded/: which worker process answered and whether it has the sentence-embedding model
  (search.embeddings) and Kiwi (search.analysis) loaded; read from the modules' own globals, without
  importing or loading anything.

They come before config.urls so Wagtail's catch-all page route never sees them.
"""

from __future__ import annotations

import os
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def loaded(request: HttpRequest) -> JsonResponse:
    embeddings = sys.modules.get("search.embeddings")
    analysis = sys.modules.get("search.analysis")
    return JsonResponse(
        {
            "pid": os.getpid(),
            "embedding_model": getattr(embeddings, "_model", None) is not None,
            "kiwi": getattr(analysis, "_loaded", None) is not None,
        }
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("bench/loaded/", loaded, name="bench-loaded"),
    path("", include("config.urls")),
]
