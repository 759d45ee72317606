"""Upstream route templates for metric labels and span names: ids become placeholders, so
labels stay few however many profiles, albums or spotlights are called."""

from __future__ import annotations

import re

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_NUMBER = re.compile(r"^\d+$")
#: Snap and spotlight ids: long opaque base64url strings.
_OPAQUE = re.compile(r"^[A-Za-z0-9_-]{32,}$")


def route_template(path: str) -> str:
    """``/v1/public_profiles/0b1c.../spotlights`` -> ``/v1/public_profiles/{id}/spotlights``."""
    path = path.split("?", 1)[0]
    parts = []
    for segment in path.split("/"):
        if _UUID.match(segment) or _NUMBER.match(segment) or _OPAQUE.match(segment):
            parts.append("{id}")
        else:
            parts.append(segment)
    return "/".join(parts)
