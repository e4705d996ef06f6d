"""Elasticsearch documents (elasticsearch.dsl) for suggestions and policy announcements.

Only Elasticsearch core features: the standard analyzer on text that Python already split into
Korean morphemes (search.analysis), keyword fields for facets and themes, a geo_point, dates.
Indices are versioned (`<alias>-<stamp>`) behind the alias `search.client.index_name(kind)`.
Everything user-written is stored masked (suggestions.text.mask_pii); `access` holds the
partners.access.visibility_tokens() of the suggestion and every query filters on it.
`embedding` is the sentence vector of the masked title + body (search.embeddings), searched by kNN;
it is left out of `_source`; `embedding_f16` (1 KB) carries it for reading back.
"""

from typing import Any

from django.conf import settings
from elasticsearch.dsl import Binary, Boolean, Date, DenseVector, Document, GeoPoint, Integer, Keyword, Text

from .embeddings import DIMS

# Bump when a mapping changes: `search_setup` rebuilds an index whose _meta.mapping_version differs.
MAPPING_VERSION = 4  # 2: embedding (dense_vector); 3: dong, station, location_approximate, weekday; 4: int8_hnsw

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def index_settings() -> dict[str, Any]:
    """Settings for a new index: shards and replicas of this environment (ES_SHARDS, ES_REPLICAS)."""
    return {**INDEX_SETTINGS, "number_of_shards": settings.ES_SHARDS, "number_of_replicas": settings.ES_REPLICAS}


class SuggestionDoc(Document):
    id = Integer()
    ref = Keyword()
    kind = Keyword()
    status = Keyword()
    visibility = Keyword()
    access = Keyword()
    field = Keyword()
    field_id = Integer()
    department = Keyword()
    department_id = Integer()
    group = Keyword()
    group_id = Integer()
    district = Keyword()
    dong = Keyword()  # 법정동 (places.boundaries)
    station = Keyword()  # 관할 경찰서
    location = GeoPoint()
    location_approximate = Boolean()  # a 법정동 / 자치구 centroid from the address, not a pin
    weekday = Integer()  # ISO weekday of `created` in Seoul (1 = Monday), for the hotspot filter
    time_band = Keyword()
    time_start_hour = Integer()
    time_hours = Integer(multi=True)  # every hour the band covers (crosses midnight: 22,23,0)
    risk_type = Keyword()
    supports = Integer()
    created = Date()
    updated_at = Date()
    # Display text (masked). Indexed with the standard analyzer only as a fallback.
    title = Text()
    body = Text()
    # Morpheme text from search.analysis, searched with the standard analyzer.
    title_morphs = Text()
    body_morphs = Text()
    answer_morphs = Text()
    answer_text = Text(index=False)
    answer_decision = Keyword()
    keywords = Keyword()
    # HNSW graph, cosine (vectors are L2-normalised); m / ef_construction: Lucene's defaults. The
    # graph holds int8-quantised vectors (Elasticsearch's default since 8.14): a quarter of the
    # graph's memory; the floats stay on disk (bulk-index speed barely changed: docs/benchmarks.md).
    embedding = DenseVector(
        dims=DIMS,
        similarity="cosine",
        index=True,
        index_options={"type": "int8_hnsw", "m": 16, "ef_construction": 100},
    )
    embedding_f16 = Binary()  # the same vector as stored (base64 float16): read back for feedback
    # Staleness: a fingerprint of everything indexed (see indexing.suggestion_fingerprint).
    fingerprint = Keyword()
    analysis_version = Integer()


class AnnouncementDoc(Document):
    id = Integer()
    title = Text()
    summary = Text()
    body = Text(index=False)
    title_morphs = Text()
    body_morphs = Text()
    keywords = Keyword()
    field = Keyword()
    department = Keyword()
    url = Keyword(index=False)
    access = Keyword()
    created = Date()
    fingerprint = Keyword()


DOCUMENTS = {"suggestions": SuggestionDoc, "announcements": AnnouncementDoc}


def mapping_for(kind: str) -> dict:
    mapping = DOCUMENTS[kind]._doc_type.mapping.to_dict()
    mapping["_meta"] = {"mapping_version": MAPPING_VERSION}
    if kind == "suggestions":
        mapping["_source"] = {"excludes": ["embedding"]}
    return mapping
