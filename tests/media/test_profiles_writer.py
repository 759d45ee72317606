"""Public Profile writes: request shapes, input checks before any call, sharing policies."""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest

from emulators.profiles import (
    DEMO_AD_ACCOUNT_ID,
    DEMO_SECOND_AD_ACCOUNT_ID,
    DEMO_SECOND_PROFILE_ID,
    OTHER_AD_ACCOUNT_ID,
    OTHER_ORG_ID,
)
from gateway.upstreams._http import (
    UpstreamBadResponse,
    UpstreamForbidden,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnauthenticated,
)
from gateway.upstreams.inputs import InvalidInput
from gateway.upstreams.profiles_assets import ResourceRef
from gateway.upstreams.profiles_upload import ProfilesWriter, SnapSource
from tests.media.conftest import Profiles, upstream

pytestmark = pytest.mark.anyio
MEDIA = "00000000-0000-4000-8000-000000000000"


async def test_s1_sends_bearer_json_and_returns_relative_paths(profiles: Profiles) -> None:
    created = await profiles.writer.create_media(
        profiles.profile_id, media_type="VIDEO", name="clip", key=os.urandom(32), iv=os.urandom(16)
    )
    assert created.add_path == created.finalize_path
    assert created.add_path.startswith(f"/us/v1/public_profiles/{profiles.profile_id}/media/")
    record = profiles.emulator.control.recorder.log[0]
    assert record.headers["authorization"] == "Bearer demo-profile-token"
    assert record.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    "call",
    [
        lambda w, p: w.post_spotlight(p, MEDIA, locale=""),
        lambda w, p: w.post_spotlight(p, MEDIA, locale="english"),
        lambda w, p: w.post_spotlight(p, MEDIA, locale="en_US", description="x" * 161),
        lambda w, p: w.create_saved_story(p, []),
        lambda w, p: w.create_saved_story(p, [SnapSource("media_id", "")]),
        lambda w, p: w.create_saved_story(p, [SnapSource("media_id", MEDIA)], title="t" * 46),
        lambda w, p: w.create_media(p, media_type="VIDEO", name=" ", key=b"", iv=b""),
        lambda w, p: w.add_part("/us/x", part_number=36, part=b"data"),
        lambda w, p: w.create_sharing_policy(
            ResourceRef(p, "public_profiles"), ResourceRef(OTHER_ORG_ID, "galaxies")
        ),
    ],
    ids=[
        "no-locale",
        "bad-locale",
        "long-description",
        "no-sources",
        "empty-source",
        "long-title",
        "blank-name",
        "part-36",
        "bad-target",
    ],
)
async def test_bad_inputs_are_refused_before_any_call(profiles: Profiles, call: Any) -> None:
    with pytest.raises(InvalidInput) as error:
        await call(profiles.writer, profiles.profile_id)
    assert error.value.code == "BAD_USER_INPUT"
    assert error.value.field
    assert profiles.total_calls() == 0


async def test_limits_themselves_reach_the_upstream(profiles: Profiles) -> None:
    # 160 characters (not bytes) is fine; the unknown media is what the upstream refuses.
    with pytest.raises(UpstreamRejected) as error:
        await profiles.writer.post_spotlight(
            profiles.profile_id, MEDIA, locale="fr_FR", description="é" * 160
        )
    assert error.value.upstream_code == "INVALID_REQUEST"
    assert profiles.calls() == {"POST /v1/public_profiles/{profile_id}/spotlights": 1}


async def test_no_token_no_call(profiles: Profiles) -> None:
    writer = ProfilesWriter(profiles.http, token=None)
    assert not writer.authenticated
    with pytest.raises(UpstreamUnauthenticated):
        await writer.post_story(profiles.profile_id, MEDIA)
    assert profiles.total_calls() == 0


async def test_another_profile_is_forbidden(profiles: Profiles) -> None:
    from emulators.profiles import OTHER_PROFILE_ID

    with pytest.raises(UpstreamForbidden):
        await profiles.writer.post_story(OTHER_PROFILE_ID, MEDIA)


@pytest.mark.parametrize(
    "path",
    ["https://evil.test/us/x", "//evil.test/us/x", "us/v1/x", None, "/\\evil.test"],
)
async def test_upload_paths_must_be_relative(path: Any) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        body = {"request_status": "SUCCESS", "media_id": MEDIA, "add_path": path}
        return httpx.Response(200, json=body)

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url="http://profiles.test"
    ) as client:
        writer = ProfilesWriter(upstream(client, "profiles"), token="t")
        with pytest.raises(UpstreamBadResponse, match="add_path"):
            await writer.create_media(
                "p", media_type="IMAGE", name="n", key=b"k" * 32, iv=b"i" * 16
            )


async def test_sharing_policies_in_all_three_scenarios(profiles: Profiles) -> None:
    writer = profiles.writer
    source = ResourceRef(DEMO_SECOND_PROFILE_ID, "public_profiles")
    same_org = await writer.create_sharing_policy(
        source, ResourceRef(DEMO_SECOND_AD_ACCOUNT_ID, "adaccounts")
    )
    assert same_org.source == source
    assert same_org.target == ResourceRef(DEMO_SECOND_AD_ACCOUNT_ID, "adaccounts")
    assert same_org.parent_policy_id is None
    external_org = await writer.create_sharing_policy(
        source, ResourceRef(OTHER_ORG_ID, "organizations")
    )
    external_account = ResourceRef(OTHER_AD_ACCOUNT_ID, "adaccounts")
    with pytest.raises(UpstreamRejected):
        await writer.create_sharing_policy(source, external_account)
    child = await writer.create_sharing_policy(
        source, external_account, parent_policy_id=external_org.id
    )
    assert child.parent_policy_id == external_org.id
    body = profiles.spy.bodies[-1]
    assert body.startswith(b'{"source"')  # the bare object, not the wrapper
    # Deleting the organization policy takes its child with it.
    await writer.delete_sharing_policy(external_org.id)
    with pytest.raises(UpstreamNotFound):
        await writer.delete_sharing_policy(child.id)
    await writer.delete_sharing_policy(same_org.id)
    with pytest.raises(UpstreamNotFound):
        await writer.delete_sharing_policy(same_org.id)


async def test_an_identical_policy_comes_back_unchanged(profiles: Profiles) -> None:
    source = ResourceRef(profiles.profile_id, "public_profiles")
    target = ResourceRef(DEMO_AD_ACCOUNT_ID, "adaccounts")
    first = await profiles.writer.create_sharing_policy(source, target)
    second = await profiles.writer.create_sharing_policy(source, target)
    assert first.id == second.id
