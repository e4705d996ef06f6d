import pytest


@pytest.mark.django_db
def test_korean_first_even_for_english_browsers(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "ko"
    assert '<html lang="ko">' in response.content.decode()


@pytest.mark.django_db
def test_english_on_request(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
