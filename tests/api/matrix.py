"""The BI API: a signed-in user's session never opens it (only a token does), so every staff
persona gets 401 like an anonymous visitor; the portal's accounts are stopped at the portal
boundary (403). tests/api/test_api.py covers the tokens."""

from tests.matrix import Case, expect

CASES = [
    Case("api:teams", lambda w: "/api/v1/teams/", expect(401), anonymous=401),
    Case("api:colleges", lambda w: "/api/v1/colleges/", expect(401), anonymous=401),
]
