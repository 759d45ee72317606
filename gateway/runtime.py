"""Garbage-collector settings for a serving process.

A finished request leaves no reference cycles (tests/gateway/test_request_memory.py), so
reference counting frees it; the cycle collector still runs every few hundred allocations
and walks every young object each time — the objects of the requests in flight, and with the
default settings, in its full collections, the tens of thousands of long-lived objects the
imports and the schema made. Two settings keep that cheap:

- ``gc.freeze()`` once the app is built: what exists then (modules, the schema, settings)
  lives for the whole process, so the collector never needs to look at it again;
- a young generation of 10 000 objects: collections are rarer. (With requests that leave
  cycles this was worth 15-30 % of the CPU; without, a few per cent.)
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
#: Young collections per middle one, and middle per full: as CPython's defaults.
OLDER_THRESHOLDS = (10, 10)


def settle_heap() -> None:
    """Call once the app is built, before serving."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
