"""Adjacent profile and session endpoints: A1 sign in, A2 one profile, A3 profiles by id."""

from __future__ import annotations

from starlette.responses import Response

from emulators.albums import auth, views
from emulators.albums.endpoint import Api, Call
from emulators.albums.errors import ApiError, bad_request
from emulators.albums.wire import as_id, json_ok, read_object

#: The later edition of the docs caps A3 at 150 ids per request.
MAX_PROFILE_IDS = 150


async def sign_in(call: Call) -> Response:
    """A1: ``email`` + ``authToken`` (or ``password``) -> ``{profileId, sessionId}``."""
    profile = auth.sign_in(await read_object(call.request), call.store)
    session = auth.issue(
        call.store,
        profile,
        now=call.now,
        ttl_seconds=call.config.sessionid_ttl_seconds,
        rng=call.emu.session_rng,
    )
    return json_ok({"profileId": str(profile.id), "sessionId": session.token})


async def get_profile(call: Call) -> Response:
    """A2: always exactly one profile; 404 for an unknown id."""
    target = call.store.profiles.get(call.ids["id"])
    if target is None:
        raise ApiError(404)
    return json_ok({"profiles": [views.profile(call, target)]})


async def get_profiles(call: Call) -> Response:
    """A3: numeric-string ids, at most 150; unknown ids are simply missing."""
    body = await read_object(call.request)
    raw = body.get("targetProfileIds")
    if not isinstance(raw, list) or len(raw) > MAX_PROFILE_IDS:
        raise bad_request()
    wanted = dict.fromkeys(as_id(value) for value in raw)
    found = [call.store.profiles[pid] for pid in wanted if pid in call.store.profiles]
    return json_ok({"profiles": [views.profile(call, p) for p in found]})


def register(api: Api) -> None:
    api.add("/v8/sessions", {"POST": sign_in}, public=True)
    api.add("/v7/profiles/{id}", {"GET": get_profile})
    api.add("/v3/profiles", {"POST": get_profiles})
