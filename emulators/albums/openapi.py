"""The OpenAPI 3 description of the Albums API as this emulator serves it (``/openapi.json``).

A static dict: the read endpoints the gateway uses have their response shapes (contract §2),
the rest a loose object, since the API has no envelope and many writes answer an empty body.
A contract test keeps its paths equal to the emulator's routes.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

JSON = "application/json"


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


_STR = {"type": "string"}
_BOOL = {"type": "boolean"}
_INT = {"type": "integer"}
_ID = {"type": "integer", "format": "int64"}
_MS = {"type": "integer", "format": "int64", "nullable": True}
_LOOSE = {"type": "object", "additionalProperties": True}
#: ``expirationType``: a string by default, an int in the ``int`` variant (§2.1).
_EXPIRATION = {"oneOf": [_STR, _INT], "nullable": True}


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _op(
    operation_id: str, summary: str, response: dict[str, Any], body: dict[str, Any] | None
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "responses": {
            "200": {
                "description": "OK (may be an empty body)",
                "content": {JSON: {"schema": response}},
            },
            "401": {
                "description": "No or expired session",
                "content": {JSON: {"schema": _ref("Error")}},
            },
            "403": {"description": "No access", "content": {JSON: {"schema": _ref("Error")}}},
        },
    }
    if body is not None:
        op["requestBody"] = {"required": True, "content": body}
    return op


_SIGN_IN = {
    JSON: {
        "schema": _obj(email=_STR, password=_STR, authToken=_STR, token=_STR, geohash=_STR),
    }
}
_UPLOAD = {"multipart/form-data": {"schema": _obj(content={"type": "string", "format": "binary"})}}
_ANY_BODY = {JSON: {"schema": _LOOSE}}

#: (method, path, operationId, summary, response schema, request body or None)
_OPERATIONS: list[tuple[str, str, str, str, dict[str, Any], dict[str, Any] | None]] = [
    ("post", "/v8/sessions", "signIn", "A1: sign in", _ref("Session"), _SIGN_IN),
    ("get", "/v7/profiles/{id}", "profile", "A2: one profile", _ref("Profiles"), None),
    ("post", "/v3/profiles", "profilesById", "A3: profiles by id", _ref("Profiles"), _ANY_BODY),
    ("get", "/v1/albums", "myAlbums", "G1: my albums", _ref("MyAlbums"), None),
    ("get", "/v2/albums/{albumId}", "album", "G2: one album with content", _ref("AlbumView"), None),
    ("put", "/v2/albums/{albumId}", "renameAlbum", "G9: rename an album", _LOOSE, _ANY_BODY),
    ("post", "/v2/albums", "createAlbum", "G8: create an album", _LOOSE, _ANY_BODY),
    ("delete", "/v1/albums/{albumId}", "deleteAlbum", "G10: delete an album", _LOOSE, None),
    ("get", "/v1/albums/storage", "albumLimits", "G24: album limits", _LOOSE, None),
    ("get", "/v2/albums/storage", "albumLimitsV2", "G24: album limits (v2)", _LOOSE, None),
    ("get", "/v1/albums/{albumId}/content/{contentId}/poster", "poster", "G3", _LOOSE, None),
    ("get", "/v3/albums/{albumId}/view", "viewAlbum", "G4: record a view", _LOOSE, None),
    ("post", "/v1/albums/{albumId}/view/content/{contentId}", "viewContent", "G5", _LOOSE, None),
    ("post", "/v2/albums/shares", "albumStatus", "G6: album status", _LOOSE, _ANY_BODY),
    ("get", "/v2/albums/shares/{profileId}", "sharedBy", "G7: shared with me", _LOOSE, None),
    ("post", "/v1/albums/{albumId}/content", "uploadContent", "G11: upload", _LOOSE, _UPLOAD),
    ("post", "/v1/albums/{albumId}/content/order", "reorder", "G12", _LOOSE, _ANY_BODY),
    ("delete", "/v1/albums/{albumId}/content/{contentId}", "deleteContent", "G13", _LOOSE, None),
    (
        "get",
        "/v1/albums/{albumId}/content/{contentId}/processing",
        "processing",
        "G14",
        _LOOSE,
        None,
    ),
    ("get", "/v1/pics/limited/status", "limitedPics", "G15 (WIP)", _LOOSE, None),
    ("post", "/v4/pics/expiring", "reportExpiringPics", "G16 (WIP)", _LOOSE, _ANY_BODY),
    ("get", "/v4/pics/expiring/status", "expiringPics", "G17 (WIP)", _LOOSE, None),
    ("get", "/v4/videos/expiring/status", "expiringVideos", "G18 (WIP)", _LOOSE, None),
    ("get", "/v1/albums/{albumId}/shares", "recipients", "G19: recipients", _LOOSE, None),
    ("post", "/v4/albums/{albumId}/shares", "shareAlbum", "G20: share", _LOOSE, _ANY_BODY),
    ("put", "/v1/albums/{albumId}/unshares", "unshareAlbum", "G21: unshare", _LOOSE, _ANY_BODY),
    ("put", "/v1/albums/{albumId}/shares/remove", "removeShares", "G22 (WIP)", _LOOSE, None),
    ("post", "/v1/albums/{albumId}/shares/remove", "removeSharesPost", "G22 (WIP)", _LOOSE, None),
    ("post", "/v1/albums/{albumId}/content/chat/list-by-id", "chatList", "G23", _LOOSE, None),
    ("put", "/v1/albums/red-dot", "redDot", "G25 (WIP)", _LOOSE, None),
    ("post", "/v3/pressie-albums/feed", "feed", "G26: albums shared with me", _LOOSE, _ANY_BODY),
    ("post", "/v3/pressie-albums/feed/paywall/", "paywall", "G27: paywalled", _LOOSE, _ANY_BODY),
    ("get", "/v3/pressie-albums/feed/{profileId}", "ownerFeed", "G28 (WIP)", _LOOSE, None),
    ("post", "/v3/pressie-albums/feed/update/read", "markRead", "G29", _LOOSE, _ANY_BODY),
    ("post", "/v3/pressie-albums/fresh-feed", "freshFeed", "G30", _LOOSE, _ANY_BODY),
]


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path, operation_id, summary, response, body in _OPERATIONS:
        item = paths.setdefault(path, {})
        params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
        if params:
            item["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": _STR} for name in params
            ]
        item[method] = _op(operation_id, summary, response, body)
        if path == "/v8/sessions":
            item[method]["security"] = []  # sign-in is the one public call
    return paths


_CONTENT = _obj(
    contentId=_ID,
    contentType=_STR,
    coverUrl={"type": "string", "nullable": True},
    statusId=_INT,
    thumbUrl=_STR,
    url=_STR,
    processing={"type": "boolean", "nullable": True},
    remainingViews=_INT,
)
_DETAILS = {"sharedCount": _INT, "createdAt": _STR, "updatedAt": _STR}
SCHEMAS: dict[str, Any] = {
    "Error": _obj(message=_STR),
    "Session": _obj(profileId=_STR, sessionId=_STR),
    "Profiles": _obj(profiles=_array(_LOOSE)),
    "AlbumContent": _CONTENT,
    "MyAlbum": _obj(
        albumId=_ID,
        albumName={"type": "string", "nullable": True},
        profileId=_ID,
        version=_INT,
        # An array by default, one object in the ``object`` variant (§2.2).
        content={"oneOf": [_array(_ref("AlbumContent")), _ref("AlbumContent")]},
        isShareable=_BOOL,
        **_DETAILS,
    ),
    "MyAlbums": _obj(albums=_array(_ref("MyAlbum"))),
    "AlbumView": _obj(
        albumId=_ID,
        albumNumber={"type": "integer", "nullable": True},
        totalAlbumsShared={"type": "integer", "nullable": True},
        hasUnseenContent=_BOOL,
        albumName={"type": "string", "nullable": True},
        profileId=_ID,
        albumViewable=_BOOL,
        content=_array(_ref("AlbumContent")),
        expiresAt=_MS,
        expirationType=_EXPIRATION,
        **_DETAILS,
    ),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Albums API (emulator)",
        "version": "1.0.0",
        "description": "Private photo/video albums, shares and the shared-with-me feed, "
        "as the emulator serves them. Authorization: `Grindr3 <sessionId>`.",
    },
    "servers": [{"url": "https://grindr.mobi"}],
    "security": [{"grindr3": []}],
    "paths": _paths(),
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"grindr3": {"type": "apiKey", "in": "header", "name": "Authorization"}},
    },
}


def route() -> Route:
    """``GET /openapi.json``: the document, its server set to the emulator's own origin."""

    async def openapi(request: Request) -> Response:
        origin = f"{request.url.scheme}://{request.url.netloc}"
        return JSONResponse({**DOCUMENT, "servers": [{"url": origin}]})

    return Route("/openapi.json", openapi, methods=["GET"])
