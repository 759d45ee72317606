"""Every Albums write against the Albums emulator, including the streamed G11 upload."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import pytest

from emulators._common.media import make_mp4, make_png
from emulators.albums import seed
from gateway.resilience.retry import RetryPolicy
from gateway.upstreams._http import (
    UpstreamForbidden,
    UpstreamHTTP,
    UpstreamLimitReached,
    UpstreamRejected,
    UpstreamUnauthenticated,
    UpstreamUnavailable,
)
from gateway.upstreams.albums import AlbumsClient
from gateway.upstreams.albums_auth import ServiceAuth
from gateway.upstreams.albums_upload import AlbumsWriter
from gateway.upstreams.inputs import InvalidInput
from gateway.upstreams.streams import CHUNK_SIZE
from tests.media.conftest import Albums

pytestmark = pytest.mark.anyio


def reader(albums: Albums) -> AlbumsClient:
    """A fresh read client per look, so nothing is served from a previous read."""
    return AlbumsClient(albums.http, auth=ServiceAuth(albums.sessions))


def sent(albums: Albums, path_end: str) -> dict[str, object]:
    request = next(r for r in reversed(albums.log) if r.url.path.endswith(path_end))
    body: dict[str, object] = json.loads(request.content)
    return body


async def names(albums: Albums) -> dict[int, str | None]:
    return {a.album_id: a.name for a in await reader(albums).my_albums()}


async def test_create_rename_delete(albums: Albums) -> None:
    writer = albums.writer
    album_id = await writer.create_album("Trip")
    assert album_id >= 2**31
    assert (await names(albums))[album_id] == "Trip"
    with pytest.raises(UpstreamLimitReached):
        await writer.create_album(None)  # demo may own 3 albums
    name = "é" * 127 + "a"  # 255 UTF-8 bytes
    assert await writer.rename_album(album_id, name) == name
    assert (await names(albums))[album_id] == name
    await writer.delete_album(album_id)
    assert album_id not in await names(albums)
    with pytest.raises(UpstreamForbidden):
        await writer.delete_album(album_id)


async def test_create_without_a_name_sends_null(albums: Albums) -> None:
    album_id = await albums.writer.create_album()
    assert sent(albums, "/v2/albums") == {"albumName": None}
    assert (await names(albums))[album_id] is None


async def test_names_over_255_bytes_are_refused_before_any_call(albums: Albums) -> None:
    too_long = "é" * 128  # 128 characters, 256 bytes
    with pytest.raises(InvalidInput) as error:
        await albums.writer.create_album(too_long)
    assert error.value.field == "name"
    with pytest.raises(InvalidInput):
        await albums.writer.rename_album(123, too_long)
    assert albums.log == []


class CountingFile(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.reads.append(len(data))
        return data


async def own_album(albums: Albums) -> int:
    return await albums.writer.create_album("Uploads")


async def test_upload_streams_the_file_in_chunks(albums: Albums) -> None:
    album_id = await own_album(albums)
    data = make_png(salt=b"big") + bytes(5 * CHUNK_SIZE)
    source = CountingFile(data)
    uploaded = await albums.writer.upload_content(album_id, source, content_type="image/png")
    assert max(source.reads) <= CHUNK_SIZE
    assert sum(source.reads) == len(data)
    request = albums.log[-1]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert int(request.headers["content-length"]) > len(data)
    album = await reader(albums).album(album_id)
    assert [c.content_id for c in album.content] == [uploaded.content_id]
    assert album.content[0].content_type == "image/png"
    # The same bytes again: the same id, nothing added (quirk 7).
    again = await albums.writer.upload_content(album_id, io.BytesIO(data))
    assert again.content_id == uploaded.content_id
    assert len((await reader(albums).album(album_id)).content) == 1


async def test_upload_from_a_file_on_disk(albums: Albums, tmp_path: Path) -> None:
    album_id = await own_album(albums)
    path = tmp_path / "clip.mp4"
    path.write_bytes(make_mp4(duration_ms=12_000, salt=b"disk"))
    with path.open("rb") as file:
        uploaded = await albums.writer.upload_content(album_id, file, filename='x"\r\n.mp4')
    album = await reader(albums).album(album_id)
    assert album.content[0].content_id == uploaded.content_id
    assert album.content[0].content_type == "video/mp4"


class AsyncFile:
    def __init__(self, data: bytes) -> None:
        self._file = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        await asyncio.sleep(0)
        return self._file.read(size)


async def test_upload_from_an_async_source_without_a_size(albums: Albums) -> None:
    album_id = await own_album(albums)
    data = make_png(salt=b"async")
    uploaded = await albums.writer.upload_content(album_id, AsyncFile(data))
    assert "content-length" not in albums.log[-1].headers  # sent chunked
    album = await reader(albums).album(album_id)
    assert album.content[0].content_id == uploaded.content_id


async def test_upload_refusals_are_typed(albums: Albums) -> None:
    album_id = await own_album(albums)
    with pytest.raises(UpstreamRejected, match="Invalid video length"):
        await albums.writer.upload_content(album_id, io.BytesIO(make_mp4(duration_ms=16_000)))
    with pytest.raises(UpstreamRejected, match="Unsupported content type"):
        await albums.writer.upload_content(album_id, io.BytesIO(b"GIF89a"))


async def test_a_401_renews_the_session_and_resends_the_upload_once(albums: Albums) -> None:
    album_id = await own_album(albums)
    albums.emulator.clock.advance(1801)  # the emulator expires the session it issued
    data = make_png(salt=b"after-renewal")
    uploaded = await albums.writer.upload_content(album_id, io.BytesIO(data))
    posts = [r for r in albums.log if r.url.path.endswith("/content")]
    assert len(posts) == 2
    assert (await reader(albums).album(album_id)).content[0].content_id == uploaded.content_id


async def test_a_401_cannot_resend_an_upload_that_cannot_rewind(albums: Albums) -> None:
    album_id = await own_album(albums)
    albums.emulator.clock.advance(1801)
    with pytest.raises(UpstreamUnauthenticated):
        await albums.writer.upload_content(album_id, AsyncFile(make_png(salt=b"once")))


async def content_ids(albums: Albums, album_id: int) -> list[int]:
    return [c.content_id for c in (await reader(albums).album(album_id)).content]


async def test_reorder_and_delete_content(albums: Albums) -> None:
    album_id = await own_album(albums)
    for salt in (b"a", b"b", b"c"):
        await albums.writer.upload_content(album_id, io.BytesIO(make_png(salt=salt)))
    current = await content_ids(albums, album_id)
    reversed_ids = current[::-1]
    await albums.writer.reorder_content(album_id, reversed_ids, current=current)
    assert await content_ids(albums, album_id) == reversed_ids
    assert sent(albums, "/content/order") == {"contentIds": reversed_ids}
    calls = len(albums.log)
    with pytest.raises(InvalidInput):
        await albums.writer.reorder_content(album_id, current[:2], current=current)
    with pytest.raises(InvalidInput):
        await albums.writer.reorder_content(album_id, [current[0], *current])
    assert len(albums.log) == calls
    with pytest.raises(UpstreamRejected, match="Invalid content order"):
        await albums.writer.reorder_content(album_id, current[:2])
    await albums.writer.delete_content(album_id, current[1])
    assert await content_ids(albums, album_id) == [current[2], current[0]]
    with pytest.raises(UpstreamForbidden):
        await albums.writer.delete_content(album_id, current[1])


async def test_share_and_unshare(albums: Albums) -> None:
    album_id = await own_album(albums)
    await albums.writer.upload_content(album_id, io.BytesIO(make_png(salt=b"share")))
    await albums.writer.share_album(
        album_id, {seed.OTHER_PROFILE_ID: "ONE_HOUR", seed.CASEY_PROFILE_ID: "ONCE"}
    )
    assert sent(albums, "/shares") == {
        "profiles": [
            {"profileId": seed.OTHER_PROFILE_ID, "expirationType": "ONE_HOUR"},
            {"profileId": seed.CASEY_PROFILE_ID, "expirationType": "ONCE"},
        ]
    }
    assert set(await reader(albums).recipients(album_id)) == {
        seed.OTHER_PROFILE_ID,
        seed.CASEY_PROFILE_ID,
    }
    chat = albums.emulator.chat_messages()
    assert len([m for m in chat if m["body"]["albumId"] == album_id]) == 2
    await albums.writer.unshare_album(album_id, [seed.OTHER_PROFILE_ID])
    assert sent(albums, "/unshares") == {
        "profiles": [{"profileId": seed.OTHER_PROFILE_ID, "shareId": 0}]
    }
    assert await reader(albums).recipients(album_id) == [seed.CASEY_PROFILE_ID]
    with pytest.raises(InvalidInput):
        await albums.writer.share_album(album_id, {seed.OTHER_PROFILE_ID: "FOREVER"})  # type: ignore[dict-item]
    with pytest.raises(UpstreamRejected, match="yourself"):
        await albums.writer.share_album(album_id, {seed.DEMO_PROFILE_ID: "INDEFINITE"})


async def view_once_album(albums: Albums) -> tuple[int, int]:
    shared = await reader(albums).shared_by(seed.SAM_PROFILE_ID)
    album_id = shared[0].album_id
    album = await reader(albums).album(album_id)
    return album_id, album.content[0].content_id


async def test_view_markers_on_a_view_once_album(albums: Albums) -> None:
    album_id, content_id = await view_once_album(albums)
    await albums.writer.record_album_view(album_id)
    with pytest.raises(UpstreamForbidden):  # already viewed (quirk 3)
        await albums.writer.record_album_view(album_id)
    assert await albums.writer.record_content_view(album_id, content_id) == 0
    assert await albums.writer.record_content_view(album_id, content_id) == 0


async def test_a_side_effecting_get_is_never_retried(albums: Albums) -> None:
    """Even with the resilience layer retrying GETs, G4 is sent exactly once."""
    album_id, _ = await view_once_album(albums)
    retrying = UpstreamHTTP(
        albums.http.client,
        service="albums",
        protocol="plain",
        max_concurrency=8,
        retry=RetryPolicy(retries=3, base=0.0, max_delay=0.0, random=lambda: 0.0),
    )
    writer = AlbumsWriter(retrying, auth=ServiceAuth(albums.sessions))
    albums.emulator.control.add_fault(path_regex=r"/view$", method="GET", status=503, times=5)
    with pytest.raises(UpstreamUnavailable):
        await writer.record_album_view(album_id)
    assert [r.url.path for r in albums.log].count(f"/v3/albums/{album_id}/view") == 1


async def test_mark_feed_item_read(albums: Albums) -> None:
    feed = await reader(albums).feed()
    unseen = next(item for item in feed.shared_albums if item.has_unseen_content)
    assert unseen.owner_profile_id is not None
    await albums.writer.mark_feed_item_read(unseen.album_id, unseen.owner_profile_id)
    assert sent(albums, "/update/read") == {
        "itemId": unseen.album_id,
        "itemType": 0,
        "targetProfileId": unseen.owner_profile_id,
    }
    after = await reader(albums).feed()
    item = next(i for i in after.shared_albums if i.album_id == unseen.album_id)
    assert not item.has_unseen_content


async def test_no_credentials_no_call(albums: Albums) -> None:
    writer = AlbumsWriter(albums.http, auth=None)
    with pytest.raises(UpstreamUnauthenticated):
        await writer.delete_album(1)
    assert albums.log == []
