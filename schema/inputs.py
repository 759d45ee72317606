"""Ids in mutation inputs: each takes the object's global ``id`` or the upstream's own id, and a
bad one is an ``InvalidInput`` naming its path (as data, like every expected failure)."""

from __future__ import annotations

import uuid

from schema.errors import BadUserInput
from schema.failures import invalid
from schema.relay import parse_global_id


def _global(value: str, type_names: tuple[str, ...]) -> list[str] | None:
    """The key parts of a global id of one of ``type_names``; ``None`` if it is not one."""
    try:
        type_name, parts = parse_global_id(value)
    except BadUserInput:
        return None
    return parts if type_name in type_names else None


def int64_id(value: str, path: list[str], *, type_names: tuple[str, ...]) -> int:
    """An Albums int64 id: a decimal string, or a global id of one of ``type_names`` (its
    first key part)."""
    text = value.strip()
    if text.isdigit() and 0 < int(text) < 1 << 63:
        return int(text)
    parts = _global(text, type_names)
    if parts and parts[0].isdigit():
        return int(parts[0])
    raise invalid(path, f"Not a valid {type_names[0]} id.")


def album_id(value: str, path: list[str]) -> int:
    return int64_id(value, path, type_names=("Album", "SharedAlbum", "Paywall"))


def album_profile_id(value: str, path: list[str]) -> int:
    return int64_id(value, path, type_names=("AlbumProfile", "FeedOwner"))


def content_id(value: str, path: list[str], *, album: int) -> int:
    """An album item: its int64 id, or the global id of an item of ``album``."""
    text = value.strip()
    if text.isdigit():
        return int64_id(text, path, type_names=("AlbumContent",))
    parts = _global(text, ("AlbumContent",))
    if parts and len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        if int(parts[0]) != album:
            raise invalid(path, "This item belongs to another album.")
        return int(parts[1])
    raise invalid(path, "Not a valid AlbumContent id.")


def uuid_id(value: str, path: list[str], *, type_names: tuple[str, ...], part: int = 0) -> str:
    """A UUID, or part ``part`` of a global id of one of ``type_names``."""
    text = value.strip()
    parts = _global(text, type_names)
    if parts is not None and len(parts) > part:
        text = parts[part]
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise invalid(path, f"Not a valid {type_names[0]} id.") from None


def opaque_id(value: str, path: list[str], *, type_names: tuple[str, ...]) -> str:
    """A snap or spotlight id (opaque upstream strings): the last key part of a global id of
    one of ``type_names``, or the value itself."""
    text = value.strip()
    parts = _global(text, type_names)
    if parts:
        return parts[-1]
    if not text or len(text) > 128 or not text.replace("-", "").replace("_", "").isalnum():
        raise invalid(path, f"Not a valid {type_names[0]} id.")
    return text
