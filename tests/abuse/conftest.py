from tests.security.conftest import authz  # noqa: F401  (the objects of the security tests, on the world)
