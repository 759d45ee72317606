"""Both emulators publish a valid OpenAPI 3 description whose paths are exactly their routes,
and whose response schemas accept what the emulators really answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import jsonschema
import pytest
from openapi_spec_validator import validate
from starlette.applications import Starlette
from starlette.routing import Route

from emulators.albums import create_app as create_albums
from emulators.albums.seed import DEMO_AUTH_TOKEN, DEMO_EMAIL
from emulators.profiles import DEMO_PROFILE_ID, DEMO_TOKEN, LIVE_STORY_ID
from emulators.profiles import create_app as create_profiles

pytestmark = pytest.mark.anyio

BASE_URL = "http://emulator.test"
NOT_THE_API = ("/__emulator/", "/cdn/", "/openapi.json")
FACTORIES: dict[str, Callable[[], Starlette]] = {
    "albums": create_albums,
    "profiles": create_profiles,
}


@pytest.fixture(params=sorted(FACTORIES))
async def emulator(request: pytest.FixtureRequest, anyio_backend: str) -> AsyncIterator[Any]:
    app = FACTORIES[request.param]()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield app, http


def _api_routes(app: Starlette) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for route in app.routes:
        if not isinstance(route, Route) or route.path.startswith(NOT_THE_API):
            continue
        if route.methods:  # a method-less route is a deliberate 404 (Albums G27 w/o slash)
            routes.setdefault(route.path.replace(":path", ""), set()).update(
                m.lower() for m in route.methods if m != "HEAD"
            )
    return routes


async def test_the_document_is_valid_openapi_3(emulator: Any) -> None:
    _app, http = emulator
    response = await http.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": BASE_URL}]
    operation_ids = [
        op["operationId"] for item in document["paths"].values() for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]  # fmt: skip
    assert len(operation_ids) == len(set(operation_ids))


async def test_paths_and_methods_match_the_routes(emulator: Any) -> None:
    app, http = emulator
    document = (await http.get("/openapi.json")).json()
    described = {
        path: {method for method in item if method != "parameters"}
        for path, item in document["paths"].items()
    }
    assert described == _api_routes(app)


async def test_fetching_the_document_is_not_an_upstream_request(emulator: Any) -> None:
    app, http = emulator
    await http.get("/openapi.json")
    assert app.state.control.recorder.total() == 0


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable`` as JSON Schema: ``{"type": [t, "null"]}``."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _check(document: dict[str, Any], path: str, method: str, body: Any) -> None:
    response = document["paths"][path][method]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    root = _json_schema({**schema, "components": document["components"]})
    jsonschema.validate(body, root)


async def test_profiles_answers_match_their_schemas(anyio_backend: str) -> None:
    app = create_profiles()
    app.state.emulator.control.configure(sponsor_id_form="bits")
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=headers) as http:
        document = (await http.get("/openapi.json")).json()
        p = f"/v1/public_profiles/{DEMO_PROFILE_ID}"
        calls = [
            ("/v1/public_profiles/my_profile", "/v1/public_profiles/my_profile"),
            ("/v1/public_profiles/{profile_id}", p),
            ("/public/v1/public_profiles/{profile_id}", f"/public{p}"),
            ("/v1/public_profiles/{profile_id}/spotlights", f"{p}/spotlights?limit=50"),
            ("/v1/public_profiles/{profile_id}/stories", f"{p}/stories"),
            (
                "/v1/public_profiles/{profile_id}/stories/{story_id}/snaps",
                f"{p}/stories/{LIVE_STORY_ID}/snaps",
            ),
            ("/v1/public_profiles/{profile_id}/lenses", f"{p}/lenses"),
            ("/v1/public_profiles/{profile_id}/saved_stories", f"{p}/saved_stories"),
        ]
        for template, url in calls:
            response = await http.get(url)
            assert response.status_code == 200, url
            _check(document, template, "get", response.json())
        app.state.emulator.control.configure(sponsor_id_form="uuid")
        spotlights = (await http.get(f"{p}/spotlights?limit=50")).json()
        _check(document, "/v1/public_profiles/{profile_id}/spotlights", "get", spotlights)


async def test_albums_answers_match_their_schemas(anyio_backend: str) -> None:
    transport = httpx.ASGITransport(app=create_albums())
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        document = (await http.get("/openapi.json")).json()
        sign_in = {"email": DEMO_EMAIL, "authToken": DEMO_AUTH_TOKEN}
        session = (await http.post("/v8/sessions", json=sign_in)).json()
        _check(document, "/v8/sessions", "post", session)
        headers = {"Authorization": f"Grindr3 {session['sessionId']}"}
        albums = await http.get("/v1/albums", headers=headers)
        assert albums.status_code == 200
        _check(document, "/v1/albums", "get", albums.json())
