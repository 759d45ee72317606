"""Upload progress: snapshots, observers, async watchers and the registry."""

from __future__ import annotations

import asyncio

import pytest

from gateway.media.progress import PUBLISH_STEP, UploadProgress, UploadRegistry, UploadTracker


def test_byte_counters_publish_in_steps_but_stay_exact() -> None:
    seen: list[UploadProgress] = []
    tracker = UploadTracker(on_change=seen.append)
    for _ in range(PUBLISH_STEP // 1024 - 1):
        tracker.encrypted(1024)
    assert seen == []
    assert tracker.current.bytes_encrypted == PUBLISH_STEP - 1024
    tracker.encrypted(1024)
    assert [s.bytes_encrypted for s in seen] == [PUBLISH_STEP]
    tracker.uploaded(10)
    tracker.part_done()  # any other change publishes, with the exact counters
    assert (seen[-1].bytes_uploaded, seen[-1].parts_done) == (10, 1)


def test_a_finished_upload_stays_finished() -> None:
    tracker = UploadTracker()
    tracker.fail("no")
    tracker.finish()
    tracker.part_done()
    assert (tracker.current.phase, tracker.current.error) == ("failed", "no")


def test_unsubscribe() -> None:
    seen: list[UploadProgress] = []
    tracker = UploadTracker()
    unsubscribe = tracker.subscribe(seen.append)
    tracker.set_phase("encrypting")
    unsubscribe()
    tracker.set_phase("uploading")
    assert [s.phase for s in seen] == ["encrypting"]


@pytest.mark.anyio
async def test_a_slow_watcher_gets_the_latest_and_the_last() -> None:
    tracker = UploadTracker("u1")
    seen: list[UploadProgress] = []
    watching = tracker.watch()
    seen.append(await anext(watching))
    tracker.set_phase("encrypting")
    tracker.set_phase("uploading")
    tracker.media_created("m")
    seen.append(await anext(watching))
    tracker.finish()
    seen.extend([s async for s in watching])
    assert [s.phase for s in seen] == ["preflight", "uploading", "done"]
    assert seen[1].media_id == "m"


@pytest.mark.anyio
async def test_watchers_wake_on_each_change() -> None:
    tracker = UploadTracker()
    phases: list[str] = []

    async def follow() -> None:
        async for snapshot in tracker.watch():
            phases.append(snapshot.phase)

    task = asyncio.create_task(follow())
    for phase in ("encrypting", "uploading", "finalizing"):
        await asyncio.sleep(0)
        tracker.set_phase(phase)  # type: ignore[arg-type]
    await asyncio.sleep(0)
    tracker.finish()
    await task
    assert phases == ["preflight", "encrypting", "uploading", "finalizing", "done"]


def test_registry_forgets_finished_uploads_after_a_while() -> None:
    now = [0.0]
    registry = UploadRegistry(keep_seconds=60, monotonic=lambda: now[0])
    done, running = registry.create(), registry.create()
    assert done.upload_id != running.upload_id
    assert len(done.upload_id) >= 20  # unguessable: the id is all a poller needs
    done.finish()
    now[0] = 59
    assert registry.get(done.upload_id) is done
    now[0] = 61
    assert registry.get(done.upload_id) is None
    assert registry.get(running.upload_id) is running
