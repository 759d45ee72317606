"""The paging engine over a forward-only, cursor-paged upstream (an in-memory stand-in)."""

from __future__ import annotations

import pytest

from gateway.upstreams.profiles_types import Page, SubRequestFailure
from schema.errors import BadUserInput
from schema.paging import Window, page_backward, page_forward, slice_whole


class Upstream:
    """Pages a list the way the Public Profile API does; cursors are private to it."""

    def __init__(self, size: int, *, broken: set[int] | None = None) -> None:
        self.items = [f"item-{i:03d}" for i in range(size)]
        self.broken = broken or set()
        self.calls: list[tuple[str | None, int]] = []

    async def fetch(self, cursor: str | None, limit: int) -> Page[str]:
        self.calls.append((cursor, limit))
        start = int(cursor[1:]) if cursor else 0
        chunk = self.items[start : start + limit]
        items: list[str | SubRequestFailure] = [
            SubRequestFailure(reason="broken") if start + i in self.broken else item
            for i, item in enumerate(chunk)
        ]
        more = start + limit < len(self.items)
        return Page(items=tuple(items), next_cursor=f"@{start + limit}" if more else None)


def names(window: Window[str]) -> list[str]:
    return [e.item for e in window.entries if isinstance(e.item, str)]


@pytest.mark.anyio
async def test_a_large_first_fetches_several_pages_of_fifty() -> None:
    upstream = Upstream(120)
    window = await page_forward(upstream.fetch, str, count=100, after=None)
    assert names(window) == upstream.items[:100]
    assert upstream.calls == [(None, 50), ("@50", 50)]
    assert window.has_next
    assert not window.has_previous


@pytest.mark.anyio
async def test_a_small_first_fetches_one_small_page() -> None:
    upstream = Upstream(120)
    window = await page_forward(upstream.fetch, str, count=7, after=None)
    assert names(window) == upstream.items[:7]
    assert upstream.calls == [(None, 7)]
    assert window.has_next


@pytest.mark.anyio
async def test_forward_paging_returns_every_item_once_in_order() -> None:
    upstream = Upstream(120)
    seen: list[str] = []
    after = None
    while True:
        window = await page_forward(upstream.fetch, str, count=45, after=after)
        seen += names(window)
        if not window.has_next:
            break
        assert window.entries
        after = window.entries[-1].cursor
    assert seen == upstream.items
    assert window.has_previous


@pytest.mark.anyio
async def test_backward_paging_returns_every_item_once_in_order() -> None:
    upstream = Upstream(120)
    seen: list[str] = []
    before = None
    while True:
        window = await page_backward(upstream.fetch, str, count=45, before=before)
        seen = names(window) + seen
        if not window.has_previous:
            break
        before = window.entries[0].cursor
    assert seen == upstream.items
    assert window.has_next


@pytest.mark.anyio
async def test_last_without_before_knows_the_total() -> None:
    upstream = Upstream(120)
    window = await page_backward(upstream.fetch, str, count=5, before=None)
    assert names(window) == upstream.items[-5:]
    assert window.total_count == 120
    assert not window.has_next
    assert window.has_previous


@pytest.mark.anyio
async def test_exact_end_of_list_has_no_next_page() -> None:
    upstream = Upstream(50)
    window = await page_forward(upstream.fetch, str, count=50, after=None)
    assert not window.has_next


@pytest.mark.anyio
async def test_failed_items_keep_their_place() -> None:
    upstream = Upstream(20, broken={3})
    window = await page_forward(upstream.fetch, str, count=5, after=None)
    assert isinstance(window.entries[3].item, SubRequestFailure)
    assert window.entries[3].index == 3
    assert names(window) == [upstream.items[i] for i in (0, 1, 2, 4)]


@pytest.mark.anyio
@pytest.mark.parametrize("cursor", ["garbage", "dTpbXQ", "azpub3RoZXJl"])
async def test_bad_cursors_are_user_errors(cursor: str) -> None:
    upstream = Upstream(10)
    with pytest.raises(BadUserInput):
        await page_forward(upstream.fetch, str, count=5, after=cursor)
    with pytest.raises(BadUserInput):
        await page_backward(upstream.fetch, str, count=5, before=cursor)


def test_whole_lists_slice_both_ways_with_stable_cursors() -> None:
    items = [f"a{i}" for i in range(7)]
    first = slice_whole(items, str, count=3, forward=True, cursor=None)
    assert [e.item for e in first.entries] == ["a0", "a1", "a2"]
    assert first.has_next
    assert not first.has_previous
    assert first.total_count == 7
    second = slice_whole(items, str, count=3, forward=True, cursor=first.entries[-1].cursor)
    assert [e.item for e in second.entries] == ["a3", "a4", "a5"]
    back = slice_whole(items, str, count=2, forward=False, cursor=second.entries[0].cursor)
    assert [e.item for e in back.entries] == ["a1", "a2"]
    assert back.has_previous
    assert back.has_next
    with pytest.raises(BadUserInput):
        slice_whole(items, str, count=2, forward=True, cursor="bm90LWEtY3Vyc29y")
