"""The OpenAPI 3 description of the Public Profile API as this emulator serves it.

A static dict served at ``GET /openapi.json``. It describes the documented (default) shapes
and, where the contract allows two forms, both (``sponsor.profile_id``). Other gateways
(the benchmark's Hive Gateway) build their schema from it; a contract test keeps its paths
equal to the emulator's routes.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

JSON = "application/json"
P = "/v1/public_profiles/{profile_id}"

_SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "uuid": {"type": "string", "format": "uuid"},
    "ts": {"type": "string", "format": "date-time"},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "binary": {"type": "string", "format": "binary"},
    "strs": {"type": "array", "items": {"type": "string"}},
}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _type(spec: str) -> dict[str, Any]:
    """``str``/``uuid``/… a scalar; ``[Name]`` an array of a schema; ``Name`` a schema."""
    if spec.startswith("["):
        return {"type": "array", "items": _type(spec[1:-1])}
    return dict(_SCALARS[spec]) if spec in _SCALARS else _ref(spec)


def _obj(fields: str, **extra: dict[str, Any]) -> dict[str, Any]:
    """An object from ``"name name:type …"`` (default ``str``); a trailing ``!`` = required."""
    props: dict[str, Any] = {}
    required = []
    for field in fields.split():
        name, _, spec = field.partition(":")
        if name.endswith("!"):
            name = name[:-1]
            required.append(name)
        props[name] = _type(spec or "str")
    props.update(extra)
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


def _envelope(fields: str = "", **extra: dict[str, Any]) -> dict[str, Any]:
    """The §1.1 envelope plus the endpoint's own fields."""
    return {"allOf": [_ref("Envelope"), _obj(fields, **extra)]}


#: The key an entity has inside its sub-response (§1.1); sharing policies come bare.
_ENTITY_KEYS = {
    "PublicProfile": "public_profile",
    "Story": "story",
    "Snap": "snap",
    "SavedStory": "saved_story",
    "Spotlight": "spotlight",
    "Lens": "lens",
}


def _listing(key: str, entity: str, *, paged: bool = True) -> dict[str, Any]:
    """Envelope + ``key: [sub-response]`` (+ ``paging``)."""
    item = _ref(entity)
    if entity in _ENTITY_KEYS:
        item = _obj(f"sub_request_status sub_request_error_reason {_ENTITY_KEYS[entity]}:{entity}")
    return _envelope("paging:Paging" if paged else "", **{key: {"type": "array", "items": item}})


_QUERY: dict[str, dict[str, Any]] = {
    "limit": {"type": "integer", "minimum": 1, "default": 10},
    "cursor": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"},
    "ended_at": {"type": "string", "format": "date-time"},
    "visibility": {"type": "string", "enum": ["VISIBLE_ON_PROFILE", "ALL"]},
}
_PAGED = ("limit", "cursor")
_OK = _ref("Envelope")
_POLICY_BODY = _obj("target!:ResourceRef parent_policy_id:uuid")

#: (method, path, operationId, summary, 200 schema, query parameters, JSON body or None)
_OPERATIONS: list[tuple[str, str, str, str, dict[str, Any], tuple[str, ...], Any]] = [
    ("get", "/v1/public_profiles/my_profile", "myProfile", "P3: the caller's own profile",
     _envelope("public_profile:PublicProfile"), (), None),
    ("get", P, "publicProfile", "P1: a profile (authorized view)",
     _listing("public_profiles", "PublicProfile", paged=False), (), None),
    ("get", "/public/v1/public_profiles/{profile_id}", "publicProfilePublicFields",
     "P2: a profile, public fields only",
     _listing("public_profiles", "PublicProfile", paged=False), (), None),
    ("get", "/v1/organizations/{organization_id}/public_profiles", "organizationPublicProfiles",
     "P4: an organization's profiles", _listing("public_profiles", "PublicProfile"), _PAGED, None),
    ("post", f"{P}/media", "createMedia", "S1: create a media container",
     _envelope("media_id:uuid add_path finalize_path"), (), _obj("type! name! key! iv!")),
    ("post", "/{region}/v1/public_profiles/{profile_id}/media/{media_id}/multipart-upload",
     "uploadMediaPart", "S2/S3: ADD one encrypted chunk, or FINALIZE", _OK, (), "multipart"),
    ("get", f"{P}/stories", "stories", "S4: stories, newest first",
     _listing("stories", "Story"), _PAGED, None),
    ("post", f"{P}/stories", "postStory", "S6: post media to the public story",
     _OK, (), _obj("media_id!:uuid")),
    ("get", f"{P}/stories/{{story_id}}/snaps", "storySnaps", "S5: a story's snaps, oldest first",
     _listing("snaps", "Snap"), (*_PAGED, "created_at", "ended_at"), None),
    ("get", f"{P}/saved_stories", "savedStories", "S7: saved stories",
     _listing("saved_stories", "SavedStory"), (*_PAGED, "visibility"), None),
    ("post", f"{P}/saved_stories", "createSavedStory", "S9: create a saved story",
     _listing("saved_stories", "SavedStory", paged=False), (),
     _obj("saved_stories:[SavedStoryInput]")),
    ("get", f"{P}/saved_stories/{{saved_story_id}}/snaps", "savedStorySnaps",
     "S8: a saved story's snaps", _listing("snaps", "Snap"), _PAGED, None),
    ("get", f"{P}/spotlights", "spotlights", "S10: spotlights, newest first",
     _listing("spotlights", "Spotlight"), _PAGED, None),
    ("post", f"{P}/spotlights", "postSpotlight", "S12: post media as a spotlight",
     _envelope("spotlight_id"), (),
     _obj("media_id!:uuid locale! description skip_save_to_profile:bool")),
    ("get", f"{P}/spotlights/{{spotlight_id}}", "spotlight", "S11: one spotlight (a list of one)",
     _listing("spotlights", "Spotlight", paged=False), (), None),
    ("get", f"{P}/lenses", "lenses", "S13: lenses", _listing("lenses", "Lens"), _PAGED, None),
    ("get", f"{P}/lenses/{{lens_id}}", "lens", "S14: one lens",
     _listing("lenses", "Lens", paged=False), (), None),
    ("get", "/v1/adaccounts/{ad_account_id}/sharing_policies", "adAccountSharingPolicies",
     "S15: resources shared with an ad account",
     _listing("sharing_policies", "SharingPolicy"), (), None),
    ("get", "/v1/organizations/{organization_id}/sharing_policies", "organizationSharingPolicies",
     "S15b: resources shared with an organization",
     _listing("sharing_policies", "SharingPolicy"), (), None),
    *(
        ("post", f"/v1/{kind}/{{resource_id}}/sharing_policies", f"create{name}SharingPolicy",
         "S16: create a sharing policy",
         _listing("sharing_policies", "SharingPolicy", paged=False), (), _POLICY_BODY)
        for kind, name in (
            ("public_profiles", "Profile"), ("pixels", "Pixel"), ("catalogs", "Catalog")
        )
    ),
    ("delete", "/v1/sharing_policies/{sharing_policy_id}", "deleteSharingPolicy",
     "S17: delete a sharing policy", _OK, (), None),
]  # fmt: skip

_ERRORS = {
    status: {"description": text, "content": {JSON: {"schema": _ref("Envelope")}}}
    for status, text in (
        ("400", "Invalid request"),
        ("401", "Missing or unknown token"),
        ("403", "Not allowlisted, or no rights on the resource"),
        ("404", "Unknown resource"),
    )
}


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path, operation_id, summary, response, query, body in _OPERATIONS:
        names = [part.strip("{}") for part in path.split("/") if part.startswith("{")]
        params = [
            {"name": n, "in": "path", "required": True, "schema": _type("str")} for n in names
        ]
        params += [{"name": n, "in": "query", "schema": _QUERY[n]} for n in query]
        op: dict[str, Any] = {
            "operationId": operation_id,
            "summary": summary,
            "parameters": params,
            "responses": {"200": {"description": "OK", "content": {JSON: {"schema": response}}}}
            | _ERRORS,
        }
        if body == "multipart":
            form = _obj("action! file:binary part_number")
            op["requestBody"] = {
                "required": True,
                "content": {"multipart/form-data": {"schema": form}},
            }
        elif body is not None:
            op["requestBody"] = {"required": True, "content": {JSON: {"schema": body}}}
        paths.setdefault(path, {})[method] = op
    return paths


SCHEMAS: dict[str, Any] = {
    "Envelope": _obj("request_id!:uuid request_status! debug_message display_message error_code"),
    "Paging": _obj("next_link next_page_id"),
    "SponsorBits": _obj("high_bits! low_bits!"),
    # The bits object by default; a UUID string in the ``sponsor_id_form=uuid`` variant.
    "Sponsor": _obj(
        "display_name sponsor_status",
        profile_id={"oneOf": [_ref("SponsorBits"), _type("uuid")]},
    ),
    "Spotlight": _obj(
        "id! profile_id!:uuid thumbnail_url media_url created_at:ts status duration:number"
        " title caption hashtags:strs sponsor:Sponsor ml_tags:strs"
    ),
    "Story": _obj("id!:uuid profile_id!:uuid thumbnail_url created_at:ts ended_at:ts type"),
    "MediaMetadata": _obj("media_url thumbnail_url media_type"),
    "Snap": _obj(
        "id! story_id:uuid media_metadata:MediaMetadata media_type created_at:ts title caption"
        " ml_tags:strs"
    ),
    "SavedStory": _obj(
        "id!:uuid profile_id!:uuid thumbnail_url title created_at:ts updated_at:ts type"
    ),
    "SavedStoryInput": _obj("title snap_sources:[SnapSource]"),
    "SnapSource": _obj("spotlight_id media_id:uuid snap_id"),
    "Lens": _obj(
        "id!:uuid profile_id:uuid name icon_url status updated_at:ts updated_by created_at:ts"
        " media_status snapcode:Snapcode preview_media:PreviewMedia"
        " rejection_errors:RejectionErrors"
    ),
    "RejectionErrors": _obj("heading messages:strs violating_components:strs"),
    "Snapcode": _obj("image_url deeplink expires_at"),
    "PreviewMedia": _obj(
        "thumbnail_media_url thumbnail_media_poster_url standard_media_url"
        " standard_media_poster_url"
    ),
    "ResourceRef": _obj("type! id!:uuid"),
    "SharingPolicy": _obj(
        "sharing_policy_id!:uuid source:ResourceRef target:ResourceRef parent_policy_id:uuid"
    ),
    "LogoUrls": _obj(
        "original_logo_url discover_feed_logo_url mega_profile_logo_url manage_profile_logo_url"
    ),
    "PublicProfile": _obj(
        "id!:uuid organization_id:uuid display_name description category subcategory email"
        " phone_number website logo_urls:LogoUrls address_line_1 locality"
        " administrative_district_level_1 postal_code country l_90_country_code snap_user_name"
        " profile_type profile_tier profile_icon_primary_color_hex internal_profile_category"
        " subscriber_count:int share_authorized_data_with_api_partners:bool"
    ),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Public Profile API (emulator)",
        "version": "1.0.0",
        "description": "Snap Public Profile API: profiles, stories, spotlights, lenses, "
        "saved stories, media upload and sharing policies, as the emulator serves them.",
    },
    "servers": [{"url": "https://businessapi.snapchat.com"}],
    "security": [{"bearer": []}],
    "paths": _paths(),
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
}


def route() -> Route:
    """``GET /openapi.json``: the document, its server set to the emulator's own origin."""

    async def openapi(request: Request) -> Response:
        origin = f"{request.url.scheme}://{request.url.netloc}"
        return JSONResponse({**DOCUMENT, "servers": [{"url": origin}]})

    return Route("/openapi.json", openapi, methods=["GET"])
