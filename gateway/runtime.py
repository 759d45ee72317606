"""Garbage-collector settings for a serving process.

Each GraphQL request leaves a cyclic object graph behind (graphql-core's executor refers to
itself through its resolve-info helpers; the request context, its loaders and clients refer
to each other), so everything a request allocated waits for the cycle collector. With the
default thresholds that collector runs every 700 allocations and walks the whole young
generation each time — about a quarter of the CPU of a large query — and its full
collections walk the tens of thousands of long-lived objects the imports and the schema
made. Two settings fix both:

- ``gc.freeze()`` once the app is built: what exists then (modules, the schema, settings)
  lives for the whole process, so the collector never needs to look at it again;
- a young generation of 10 000 objects: collections are rarer, and most of what each one
  walks is already garbage.
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
