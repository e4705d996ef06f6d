"""django-axes hooks."""


def username(request, credentials: dict | None) -> str:
    """The username axes records, cut to its 255-character column.

    Django's login form NFKC-normalises the username, which can make it longer than what was typed
    (one 'ﷺ' becomes 18 characters): without the cut a crafted login answered HTTP 500."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "")[:255]
