"""Malformed entity paths answer 4xx with a plain message, never 500 or an exception's name."""

from __future__ import annotations

import httpx
import pytest
from test_serve import start_server

BAD_PATHS = ["/id/org/" + "a" * 251, "/id/org/%25zz", "/id/org/%25", "/id/" + "x/" * 400, "/id/org/iom%25ZZ.ttl",
             "/id/org/" + "b" * 300 + "/"]


@pytest.fixture(scope="module")
def server(built):
    return start_server(built)


@pytest.mark.parametrize("path", BAD_PATHS)
def test_malformed_entity_paths_are_404_with_a_plain_message(server, path):
    r = httpx.get(server + path, headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code in (400, 404), (r.status_code, r.text[:200])
    assert "Error" not in r.text and "Traceback" not in r.text


def test_the_server_still_answers_after_them(server):
    assert httpx.get(server + "/id/org/iom", headers={"Accept": "text/turtle"}, timeout=30).status_code == 200
