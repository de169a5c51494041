from __future__ import annotations

from typing import Any

import httpx
from openapi_spec_validator import validate
from starlette.routing import Route

from zoomstack.emulator.apidocs import build_document
from zoomstack.emulator.app import create_app


async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_document_is_valid_openapi(client: httpx.AsyncClient) -> None:
    validate(await document(client))


async def test_zoom_routes_are_described_by_zoom_spec(client: httpx.AsyncClient) -> None:
    paths = (await document(client))["paths"]
    assert paths["/v2/users/{userId}/meetings"]["post"]["operationId"] == "meetingCreate"
    assert paths["/v2/meetings/{meetingId}"]["get"]["operationId"] == "meeting"
    assert paths["/v2/users/{userId}/settings"]["patch"]["operationId"] == "userSettingsUpdate"
    assert "head" not in paths["/v2/users"]
    schema = paths["/v2/users/{userId}"]["get"]["responses"]["200"]["content"]
    assert "application/json" in schema


async def test_lists_exactly_the_registered_operations(client: httpx.AsyncClient) -> None:
    app = create_app()
    registered = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route)
        and route.methods
        and route.path not in ("/docs", "/openapi.json")
        for method in route.methods - {"HEAD"}
    }
    listed = [
        (path, method)
        for path, item in (await document(client))["paths"].items()
        for method in item
    ]
    assert len(listed) == len(registered)
    assert len(set(listed)) == len(listed)


async def test_oauth_and_control_routes_are_described(client: httpx.AsyncClient) -> None:
    paths = (await document(client))["paths"]
    token = paths["/oauth/token"]["post"]
    assert token["tags"] == ["OAuth"]
    assert (
        "expires_in"
        in token["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    )
    assert paths["/oauth/authorize"]["get"]["responses"]["302"]
    assert paths["/_emulator/reset"]["post"]["operationId"] == "emulatorReset"
    assert all(
        op["tags"] == ["Emulator control"]
        for path, item in paths.items()
        if path.startswith("/_emulator")
        for op in item.values()
    )


def test_unknown_routes_still_get_an_entry() -> None:
    async def nothing() -> None: ...

    doc = build_document(
        [Route("/_emulator/faults/{name:path}", nothing, methods=["PUT"], name="faults")]
    )
    op = doc["paths"]["/_emulator/faults/{name}"]["put"]
    assert op["tags"] == ["Emulator control"]
    assert op["operationId"] == "put_emulator_faults_name"
    assert op["parameters"][0]["name"] == "name"


async def test_docs_page_and_its_assets_are_served_locally(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs/")
    assert page.status_code == 200
    assert "/openapi.json" in page.text
    assert "https://" not in page.text  # no CDN
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        response = await client.get(f"/docs/assets/{asset}")
        assert response.status_code == 200, asset
        assert len(response.content) > 10_000
    missing = await client.get("/docs/assets/nope.js")
    assert missing.status_code == 404
    assert missing.json()["code"] == 404
