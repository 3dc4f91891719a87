from tests.matrix import Case, expect

CASES = [
    Case("home", lambda w: "/", expect(200)),
    Case("logout", lambda w: "/accounts/logout/", expect(302), method="post"),
]
