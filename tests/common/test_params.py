"""Issue 15 R3/R4: `next` and integer query parameters as a user can type them."""

import pytest
from django.test import RequestFactory

from common.params import MAX_ID, id_param, int_param, redirect_to_next, safe_next_url

rf = RequestFactory()


@pytest.mark.parametrize("value", ["²", "٣", "1\x00", "", " ", "1.0", "abc", "9" * 100_000,
                                   str(MAX_ID + 1), "0", "-3"])
def test_id_param_refuses_what_is_nobodys_id(value):
    assert id_param({"worker": value}, "worker") is None


def test_id_param_reads_a_plain_id():
    assert id_param({"worker": "42"}, "worker") == 42
    assert id_param({}, "worker") is None


def test_int_param_bounds_and_default():
    assert int_param({"year": "2020"}, "year", min_value=2000, max_value=2100) == 2020
    assert int_param({"year": "1999"}, "year", 7, min_value=2000) == 7
    assert int_param({"sort": "-1"}, "sort") == -1


@pytest.mark.parametrize("target", ["abc", "students:follow_ups", "//evil.test/x",
                                    "https://evil.test/", "/x\x00", "javascript:alert(1)", ""])
def test_a_bad_next_falls_back(target):
    request = rf.post("/", {"next": target})
    assert safe_next_url(request, "/fallback/") == "/fallback/"
    assert redirect_to_next(request, "/fallback/")["Location"] == "/fallback/"


def test_a_path_on_this_site_is_followed():
    request = rf.post("/", {"next": "/students/1/?page=2"})
    assert redirect_to_next(request, "/fallback/")["Location"] == "/students/1/?page=2"
