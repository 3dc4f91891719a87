from tests.matrix import Case, expect

CASES = [
    # A student or guardian is sent on to the portal's start page.
    Case("home", lambda w: "/", expect(200, student=302, guardian=302)),
    Case("logout", lambda w: "/accounts/logout/", expect(302, student=302, guardian=302),
         method="post"),
    # The portal is for its own people only: every member of staff gets 403.
    Case("portal:home", lambda w: "/portal/", expect(403, student=200, guardian=200)),
]
