"""The portal's sign-in by a one-time link: the session it makes names this backend, so it
stays valid whether or not password sign-in is on (lob.auth.PasswordBackend)."""

from django.contrib.auth.backends import ModelBackend


class LinkBackend(ModelBackend):
    """Never authenticates credentials (the link view checks its token and logs the account in
    with this backend); loads the signed-in account for each request as ModelBackend does,
    refusing an inactive one."""

    def authenticate(self, request, **credentials):
        return None
