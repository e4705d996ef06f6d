"""Authorization matrix: every URL pattern (walked from the resolver) and API endpoint × every role.

- nothing answers 5xx, for any role, GET or POST;
- a suggestion a role may not see answers exactly like one that does not exist (404), in the
  pages and in the API;
- HQ pages and HQ API answer 200 only to HQ analysts and administrators;
- no page or API answer shows a police-only suggestion to a partner who did not write it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import MISSING_PK, ROLES, client_for
from .urlwalk import Objects, project_urls

HQ_PREFIXES = ("/hq/", "/suggestions/hq/", "/api/v1/search/themes")
# Under /hq/ but meant for the filing form of every partner (similar suggestions they may see).
NOT_HQ_ONLY = ("/hq/similar-preview",)
HQ_ROLES = {"hq", "admin"}
POLICE_ROLES = {"officer_other_department", "officer", "head", "deputy", "hq", "admin"}


def _get(client, url):
    return client.get(url, HTTP_ACCEPT="text/html,application/json")


@pytest.mark.django_db
def test_walker_finds_every_app_url(authz):
    urls = dict(project_urls(authz.objects))
    for name in ("suggestions:create", "suggestions:detail", "search:search", "api-v1:suggestion-list", "login"):
        assert name in urls, name
    assert len(urls) >= 30


@pytest.mark.django_db
def test_every_url_get_no_server_error_and_hq_only_for_hq(authz):
    urls = project_urls(authz.objects)
    clients = {role: client_for(authz.users, role) for role in ROLES}
    problems = []
    for role, name, url in ((r, n, u) for r in ROLES for n, u in urls):
        client = clients[role]
        response = _get(client, url)
        if response.status_code >= 500:
            problems.append(f"{role} GET {url} ({name}) → {response.status_code}")
        hq_only = url.startswith(HQ_PREFIXES) and not url.startswith(NOT_HQ_ONLY)
        if hq_only and role not in HQ_ROLES and response.status_code == 200:
            problems.append(f"{role} GET {url} ({name}) → 200 but HQ only")
        partner_only = role in ("anonymous", "member", "representative")
        if partner_only and response.status_code == 200 and authz.hidden.title.encode() in response.content:
            problems.append(f"{role} GET {url} ({name}) shows the police-only suggestion")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_hq_pages_open_for_hq(authz):
    for role in sorted(HQ_ROLES):
        client = client_for(authz.users, role)
        for url in ("/hq/", "/hq/themes/", "/hq/hotspots/", "/suggestions/hq/"):
            assert client.get(url).status_code == 200, (role, url)


@pytest.mark.django_db
def test_forbidden_object_answers_like_missing_object(authz):
    for role in ROLES:
        _forbidden_like_missing(authz, role)


def _forbidden_like_missing(authz, role):
    """Every URL that takes a suggestion pk, with the police-only suggestion vs a missing pk."""
    client = client_for(authz.users, role)
    hidden = authz.hidden
    may_see = role in POLICE_ROLES or ROLES[role] == "member_other"  # police, or its author
    checked = 0
    for pk_value in (str(hidden.pk),):
        objects_hidden = Objects({**authz.objects.values})
        objects_missing = Objects({**authz.objects.values})
        for key in list(objects_hidden.values):
            if key[1] == "pk" and key[0] in ("", "suggestions/", "api/v1/suggestions/"):
                objects_hidden.values[key] = pk_value
                objects_missing.values[key] = MISSING_PK
        hidden_urls = dict(project_urls(objects_hidden))
        missing_urls = dict(project_urls(objects_missing))
        for name, url in hidden_urls.items():
            # A path segment: a signed token in another URL may contain the digits by chance.
            if f"/{hidden.pk}/" not in url or name not in missing_urls:
                continue
            got = _get(client, url).status_code
            missing = _get(client, missing_urls[name]).status_code
            assert got < 500 and missing < 500, (name, url, got, missing)
            if not may_see:
                assert got == missing, f"{role}: {url} ({name}) → {got}, missing object → {missing}"
                assert got != 200
            checked += 1
    assert checked >= 3
    detail = _get(client, f"/suggestions/{hidden.pk}/").status_code
    api = _get(client, f"/api/v1/suggestions/{hidden.pk}/").status_code
    if may_see:
        assert detail == 200 and api == 200
    else:
        assert detail in (404, 302) and api in (404, 401, 403)


@pytest.mark.django_db
def test_every_url_post_without_data_no_server_error(authz):
    clients = {role: client_for(authz.users, role) for role in ROLES}
    problems = []
    for role, name, url in ((r, n, u) for r in ROLES for n, u in project_urls(authz.objects)):
        if "logout" in url:
            continue
        client = clients[role]
        response = client.post(url, {})
        if response.status_code >= 500:
            problems.append(f"{role} POST {url} ({name}) → {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_hidden_suggestion_not_listed_for_other_partners(authz):
    hidden = authz.hidden
    for role in ("member", "representative", "anonymous"):
        client = client_for(authz.users, role)
        page = client.get("/suggestions/")
        assert hidden.title not in page.content.decode(errors="replace")
        api = client.get("/api/v1/suggestions/")
        if api.status_code == 200:
            ids = [row["id"] for row in api.json().get("results", api.json())]
            assert hidden.pk not in ids


@pytest.mark.django_db
def test_chain_of_command_actions_per_role(authz):
    """The 대결 page, approving the pending answer (API) and reassigning it: who gets what."""
    from suggestions import services

    services.start_review(authz.users["officer_traffic"], authz.own)  # the raw answer's suggestion is only assigned
    services.submit_answer(authz.users["officer_traffic"], authz.answer)
    names_deputy = {"head", "hq", "admin"}
    for role in ROLES:
        client = client_for(authz.users, role)
        page = client.get("/admin/delegations/").status_code
        assert (page == 200) == (role in names_deputy), (role, page)
        reassign = client.post(
            f"/api/v1/answers/{authz.answer.pk}/reassign/", {"to_user": authz.users["deputy_traffic"].pk, "reason": "x"}
        ).status_code
        assert (reassign == 200) == (role in HQ_ROLES), (role, reassign)
    # Approving: the head and, in the period, the deputy; everyone else is refused (or never finds it).
    for role in ROLES:
        if role in ("head", "deputy", "hq", "admin"):
            continue
        status = client_for(authz.users, role).post(f"/api/v1/answers/{authz.answer.pk}/approve/").status_code
        assert status in (401, 403, 404), (role, status)
    deputy = client_for(authz.users, "deputy")  # the reassignment above named the deputy
    assert deputy.post(f"/api/v1/answers/{authz.answer.pk}/approve/").status_code == 200


@pytest.mark.django_db
def test_deadline_actions_per_role(authz):
    """Extension request and decision, delay reason, 진행 상황 문의 (API): the allowed roles get past the
    permission check (an answer, or a refusal of the request itself), every other role 401/403/404."""
    from suggestions import services

    own = authz.own
    pending = services.request_extension(
        authz.users["officer_traffic"], own, own.due_date + dt.timedelta(days=1), "협의"
    )
    department = {"officer", "head", "deputy"}
    cases = [
        # (url, data, roles allowed, statuses an allowed role may get)
        (f"/api/v1/suggestions/{own.pk}/extend/", {"new_due_date": "2000-01-01", "reason": "x"}, department, {400}),
        (
            f"/api/v1/suggestions/{own.pk}/extension-decision/",
            {"extension": pending.pk, "approve": False},
            {"head", "deputy"},
            {200, 409},  # the first decides, the next finds it decided
        ),
        (f"/api/v1/suggestions/{own.pk}/delay-reason/", {"message": "부품 수급"}, department, {200}),
        (f"/api/v1/suggestions/{own.pk}/progress-inquiry/", {}, {"member"}, {200}),
    ]
    for url, data, allowed, ok in cases:
        for role in ROLES:
            status = client_for(authz.users, role).post(url, data, content_type="application/json").status_code
            if role in allowed:
                assert status in ok, (url, role, status)
            else:
                assert status in (401, 403, 404), (url, role, status)


@pytest.mark.django_db
def test_moderation_and_audit_per_role(authz):
    """신고 (API): partners who see the suggestion and did not write it; the moderation queue and its
    actions: administrators (the moderators); the audit log: HQ and administrators."""
    public = authz.public  # the member's: the member may not report their own
    reporters = {"member_other_group", "representative"}
    for role in ROLES:
        client = client_for(authz.users, role)
        status = client.post(f"/api/v1/suggestions/{public.pk}/report/", {"reason": "off_topic"}).status_code
        assert status == 201 if role in reporters else status in (401, 403), (role, status)
        queue = client.get("/admin/moderation/").status_code
        assert (queue == 200) == (role == "admin"), (role, queue)
        if role != "admin":  # refused: nothing restored (checked below: only the administrator closed reports)
            client.post(f"/admin/moderation/{public.pk}/suggestion/restore/")
        audit = client.get("/admin/audit/").status_code
        assert (audit == 200) == (role in HQ_ROLES), (role, audit)
    assert not public.reports.filter(resolved_at__isnull=False).exists()
    admin = client_for(authz.users, "admin")
    assert admin.post(f"/admin/moderation/{public.pk}/suggestion/restore/").status_code == 302
    assert set(public.reports.values_list("resolution", "resolved_by__username")) == {("restored", "admin")}
