from tests.security.conftest import world  # noqa: F401  (shared world of roles and objects)
