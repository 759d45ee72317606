"""The emulated CDN: signature and expiry checks, viewer rules, and the bytes it serves."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from emulators._common.media import PLACEHOLDER_JPEG
from emulators.albums import DEMO_PROFILE_ID, OTHER_PROFILE_ID, RILEY_PROFILE_ID

pytestmark = pytest.mark.anyio


def _edit(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _drop(url: str, key: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != key}
    return urlunsplit(parts._replace(query=urlencode(query)))


async def _denied(api: Any, url: str) -> None:
    response = await api.http.get(url)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/xml")
    assert (
        "<Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>" in response.text
    )


async def _summer_urls(api: Any) -> list[dict[str, Any]]:
    album = (await api.get(f"/v2/albums/{api.album_id('Summer 2026')}")).json()
    content: list[dict[str, Any]] = album["content"]
    return content


async def test_urls_have_the_documented_form(api: Any) -> None:
    item = (await _summer_urls(api))[0]
    album = api.album("Summer 2026")
    parts = urlsplit(item["url"])
    assert parts.netloc == "albums.test"
    assert parts.path == f"/cdn/{DEMO_PROFILE_ID}/{album.id}/{item['contentId']}/original"
    query = parse_qs(parts.query)
    assert list(query) == ["Expires", "Signature", "Key-Pair-Id", "v"]
    assert query["Key-Pair-Id"] == ["EMULATOR"]
    assert query["v"] == [str(DEMO_PROFILE_ID)]
    assert urlsplit(item["thumbUrl"]).path.endswith("/thumb")
    assert urlsplit(item["coverUrl"]).path.endswith("/cover")


async def test_tampered_urls_are_denied(api: Any) -> None:
    url = (await _summer_urls(api))[0]["url"]
    expires = int(parse_qs(urlsplit(url).query)["Expires"][0])
    await _denied(api, _edit(url, Signature="AAAA"))
    await _denied(api, _edit(url, Expires=str(expires + 3600)))
    await _denied(api, _edit(url, v=str(OTHER_PROFILE_ID)))
    await _denied(api, _edit(url, **{"Key-Pair-Id": "OTHER"}))
    await _denied(api, _edit(url, Expires="soon"))
    for key in ("Expires", "Signature", "Key-Pair-Id", "v"):
        await _denied(api, _drop(url, key))
    await _denied(api, url.replace("/original?", "/poster-sharp?"))
    await _denied(api, url.replace("/original?", "/thumb?"))  # signed for another variant
    await _denied(api, url.replace(f"/{DEMO_PROFILE_ID}/", "/abc/"))
    assert (await api.http.get(url)).status_code == 200


async def test_variants_serve_originals_or_a_placeholder(api: Any) -> None:
    items = await _summer_urls(api)
    store = api.emulator.store
    png, video = items[0], items[2]
    for key in ("url", "thumbUrl", "coverUrl"):
        response = await api.http.get(png[key])
        assert response.headers["content-type"] == "image/png"
        assert response.content == store.contents[png["contentId"]].data
    original = await api.http.get(video["url"])
    assert original.headers["content-type"] == "video/mp4"
    assert original.content == store.contents[video["contentId"]].data
    for key in ("thumbUrl", "coverUrl"):
        derived = await api.http.get(video[key])
        assert derived.headers["content-type"] == "image/jpeg"
        assert derived.content == PLACEHOLDER_JPEG
    album = api.album_id("Summer 2026")
    posters = (await api.get(f"/v1/albums/{album}/content/{video['contentId']}/poster")).json()
    for url in posters.values():
        assert (await api.http.get(url)).content == PLACEHOLDER_JPEG


async def test_cdn_needs_no_authorization(api: Any) -> None:
    url = (await _summer_urls(api))[0]["url"]
    assert (
        await api.http.get(url, headers={"Authorization": "Bearer nonsense"})
    ).status_code == 200


async def test_recipient_urls_end_with_the_share(api: Any) -> None:
    summer = api.album_id("Summer 2026")
    shown = (await api.get(f"/v2/albums/{summer}", as_=OTHER_PROFILE_ID)).json()["content"][0]
    assert (await api.http.get(shown["url"])).status_code == 200
    body = {"profiles": [{"profileId": OTHER_PROFILE_ID, "shareId": 0}]}
    await api.put(f"/v1/albums/{summer}/unshares", json=body)
    await _denied(api, shown["url"])
    await _denied(api, shown["coverUrl"])
    # The owner's URLs for the same item keep working.
    assert (await api.http.get((await _summer_urls(api))[0]["url"])).status_code == 200


async def test_paywall_urls_work_without_a_share(api: Any) -> None:
    items = (await api.post("/v3/pressie-albums/feed/paywall/", json={})).json()[
        "albumPaywallContent"
    ]
    premium = next(i for i in items if i["profile"]["profileId"] == RILEY_PROFILE_ID)
    assert premium["paywallCoverUrl"] == premium["paywallUrls"][0]
    for url in premium["paywallUrls"]:
        assert (await api.http.get(url)).status_code == 200
    # The same item under any other variant needs a share, which demo does not have.
    await _denied(api, premium["paywallUrls"][0].replace("/paywall?", "/original?"))
    videos = next(i for i in items if i["profile"]["profileId"] != RILEY_PROFILE_ID)
    derived = await api.http.get(videos["paywallUrls"][0])
    assert derived.content == PLACEHOLDER_JPEG  # a video's paywall image is the placeholder


async def test_profile_images(api: Any) -> None:
    [alex] = (await api.get("/v7/profiles/3100000003")).json()["profiles"]
    feed = await api.feed()
    mini = next(i["profile"] for i in feed["sharedAlbums"] if i["profile"]["name"] == "Alex")
    assert mini["profileUrl"].endswith(f"/cdn/images/{alex['profileImageMediaHash']}")
    image = await api.http.get(mini["profileUrl"])
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    await _denied(api, "http://albums.test/cdn/images/" + "0" * 40)
    no_avatar = next(i["profile"] for i in feed["sharedAlbums"] if i["profile"]["name"] == "Taylor")
    assert no_avatar["profileUrl"] is None
