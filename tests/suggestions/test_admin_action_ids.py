"""Posted object ids in the department inbox actions: junk answers 404 or a form message, never 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

JUNK = ["abc", "1e5", "-1", "9" * 40, "1; DROP TABLE x", "٣"]
ACTIONS = {
    "submit_answer": "answer",
    "approve_answer": "answer",
    "return_answer": "answer",
    "decide_transfer": "transfer",
    "decide_extension": "extension",
    "site_check_result": "site_check",
    "referral_reply": "referral",
    "save_answer": "answer",
    "merge": "survivor",
    "implement": "announcement",
}


@pytest.mark.parametrize("junk", JUNK)
def test_junk_ids_never_raise_server_errors(client, world, junk):
    s = world.file()
    client.force_login(world.head_traffic)
    for name, key in ACTIONS.items():
        response = client.post(reverse("suggestions_inbox:action", args=[s.pk, name]), {key: junk, "body": "x"})
        assert response.status_code in (302, 404), (name, junk, response.status_code)
