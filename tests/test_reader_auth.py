"""Every /api/v1/ route wants a live bearer token; the docs do not."""

from __future__ import annotations

import httpx
import pytest

ROUTES = [
    ("GET", "/api/v1/orders/", None),
    ("GET", "/api/v1/orders/stats/", None),
    ("GET", "/api/v1/orders/ord_0a1b2c3d4e5f/", None),
    ("GET", "/api/v1/inventory/choices/shipment-carriers/", None),
    ("POST", "/api/v1/inventory/inv_d4e5f6a7b8c9/order/ship/", {"tracking_number": "1Z", "carrier": "ups"}),
    ("PATCH", "/api/v1/inventory/inv_d4e5f6a7b8c9/order/", {"shipment_status": "shipped"}),
    ("PUT", "/api/v1/inventory/inv_d4e5f6a7b8c9/order/", {"shipment_status": "shipped"}),
]


def _assert_401(response: httpx.Response, detail: str) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_no_token_is_a_401_asking_for_bearer(reader_server, method: str, path: str, body: dict | None) -> None:
    with reader_server.anonymous() as client:
        _assert_401(client.request(method, path, json=body), "Authentication credentials were not provided.")


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_a_wrong_token_is_a_401(reader_server, method: str, path: str, body: dict | None) -> None:
    with reader_server.client(token="tok_not-a-real-token") as client:
        _assert_401(client.request(method, path, json=body), "Invalid token.")


def test_a_revoked_token_is_refused_on_its_next_request(reader_server) -> None:
    secret = reader_server.ops.create_token("short-lived")
    with reader_server.client(token=secret) as client:
        assert client.get("/api/v1/orders/").status_code == 200
        reader_server.ops.revoke_token("short-lived")
        _assert_401(client.get("/api/v1/orders/"), "Invalid token.")


@pytest.mark.parametrize("header", ["Token tok_abc", "Basic dXNlcjpwYXNz", "Bearer", "Bearer  tok_", "tok_abc"])
def test_other_authorization_schemes_are_refused(reader_server, header: str) -> None:
    with reader_server.anonymous() as client:
        response = client.get("/api/v1/orders/", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_authentication_is_checked_before_the_parameters(reader_server) -> None:
    with reader_server.anonymous() as client:
        assert client.get("/api/v1/orders/", params={"page_size": 0}).status_code == 401
        response = client.post(
            "/api/v1/inventory/inv_x/order/ship/", content=b"{oops", headers={"content-type": "application/json"}
        )
        assert response.status_code == 401
