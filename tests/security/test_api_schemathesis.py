"""schemathesis against /api/v1/schema/ in-process (the WSGI app, the test database), as an HQ
analyst with a DRF token and as a partner member: no response is a server error. Examples per
operation are bounded so the whole run stays around a minute."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)  # drf-spectacular: no database needed


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the raw WSGI app must not close the test transaction's connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_5xx(case, authz, keep_test_connection):
    token = Token.objects.get_or_create(user=authz.users["hq"])[0].key
    member = Token.objects.get_or_create(user=authz.users["partner_member"])[0].key
    for key in (token, member):
        response = case.call(headers={"Authorization": f"Token {key}"})
        assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"
    anonymous = case.call()
    assert anonymous.status_code < 500
