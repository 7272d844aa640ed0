"""The OpenAPI document is valid 3.1, matches the router exactly, and the docs page
works from installed assets alone. (Every response the API tests receive is also checked
against the document: see ``ApiClient.request`` in conftest.py.)"""

from __future__ import annotations

import re

from openapi_spec_validator import validate

import api as api_package

from .conftest import ApiClient

NOT_DOCUMENTED = {"/openapi.json", "/docs", "/docs/static/{filename}"}


async def test_the_document_is_valid_openapi_3_1(api: ApiClient) -> None:
    status, document = await api.get("/openapi.json", scope=None)
    assert status == 200
    assert document["openapi"] == "3.1.0"
    validate(document)


async def test_the_document_and_the_router_agree(api: ApiClient) -> None:
    _, document = await api.get("/openapi.json", scope=None)
    documented = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    [sub] = api.app._subapps
    routed = set()
    for route in sub.router.routes():
        if route.method == "HEAD":
            continue
        assert route.resource is not None
        path = route.resource.canonical.removeprefix(api_package.PREFIX)
        if path in NOT_DOCUMENTED or path.startswith("/docs/static") or route.method == "*":
            continue  # "*": the route that answers what no other route takes (404, 405)
        routed.add((route.method, path))
    assert documented == routed


async def test_every_operation_names_its_scope_and_errors(api: ApiClient) -> None:
    _, document = await api.get("/openapi.json", scope=None)
    for path, item in document["paths"].items():
        for method, op in item.items():
            assert op["x-scope"] in api_package.SCOPES, (method, path)
            assert {"401", "403"} <= set(op["responses"]), (method, path)
            if "{" in path:
                assert "404" in op["responses"], (method, path)
            for name in re.findall(r"{(\w+)}", path):
                assert any(p["name"] == name and p["in"] == "path" for p in op["parameters"])


async def test_the_docs_page_needs_no_network(api: ApiClient) -> None:
    status, page = await api.get("/docs", scope=None)
    assert status == 200
    assert "SwaggerUIBundle" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from a CDN
    for asset in re.findall(r"(?:src|href)=\"([^\"]+)\"", page):
        async with api.session.get(f"{api.base}/api/v1/{asset}") as response:
            assert response.status == 200, asset
            assert len(await response.read()) > 1000


async def test_webhook_deliveries_are_documented_as_openapi_webhooks(api: ApiClient) -> None:
    _, document = await api.get("/openapi.json", scope=None)
    delivery = document["webhooks"]["event"]["post"]
    body = delivery["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Event"}
    headers = {p["name"] for p in delivery["parameters"] if p["in"] == "header"}
    assert "X-OCPP-Gateway-Signature" in headers and "HMAC-SHA256" in delivery["description"]


async def test_paths_and_methods_no_route_takes_are_answered_in_json(api: ApiClient) -> None:
    status, body = await api.get("/no-such-resource")
    assert status == 404 and body["error"] == "not_found"
    status, body = await api.get("/chargers/CP-1/no-such-part")
    assert status == 404 and body["error"] == "not_found"
    async with api.session.delete(
        api.url("/fleet/summary"), headers=api.headers("admin", None)
    ) as response:
        assert response.status == 405
        assert response.content_type == "application/json"
        assert (await response.json())["error"] == "method_not_allowed"
        assert "GET" in response.headers["Allow"]


def test_no_middleware_runs_for_every_request(api: ApiClient) -> None:
    """The API answers its errors per handler: a middleware in its sub-application
    would make aiohttp run a middleware chain for every SOAP and OCPP-J request too
    (bench/soap.md)."""
    assert api.app._run_middlewares is False
