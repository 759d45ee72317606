"""The Albums emulator's variant switches and knobs (patched through the control plane)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from emulators._common.control import ControlError

_NON_NEGATIVE = frozenset(
    {
        "cdn_url_ttl_seconds",
        "sessionid_ttl_seconds",
        "video_processing_seconds",
        "view_once_window_seconds",
    }
)


@dataclass
class AlbumsConfig:
    """Variant switches (default = the documented form) and time knobs, all in seconds."""

    #: Key of the share expiry in G26 feed items (§2.3, quirk 19).
    feed_expires_key: Literal["expiresat", "expiresAt"] = "expiresat"
    #: Key of the cover URL inside ``coverContent`` (§2.3, quirk 20).
    feed_cover_key: Literal["coverContent", "location"] = "coverContent"
    #: ``MyAlbum.content`` as a list, or only its first item (§2.2, quirk 22).
    my_album_content_shape: Literal["array", "object"] = "array"
    #: ``expirationType`` emitted as its name or its number (§2.1, quirk 23).
    expiration_type_form: Literal["string", "int"] = "string"
    #: G8 also echoes ``albumName``, as one client expects.
    create_album_echo_name: bool = False
    #: Answer ``400 urn:gr:err:header`` unless ``User-Agent`` starts with ``grindr3/``.
    strict_headers: bool = False
    #: Lifetime of signed CDN URLs.
    cdn_url_ttl_seconds: int = 900
    #: Lifetime of an A1 ``sessionId``.
    sessionid_ttl_seconds: int = 1800
    #: How long an uploaded video reports ``processing: true``.
    video_processing_seconds: int = 2
    #: How long a ``ONCE`` share stays open after the recipient first opens it.
    view_once_window_seconds: int = 1800
    #: Base of signed CDN URLs; ``None`` means the request origin + ``/cdn``.
    cdn_base_url: str | None = None

    def __setattr__(self, name: str, value: object) -> None:
        # The control plane checks types only; these range checks keep a bad PUT from
        # leaving the emulator in a state no real upstream could be in.
        if name in _NON_NEGATIVE and isinstance(value, int) and value < 0:
            raise ControlError(f"{name} must not be negative")
        if name == "cdn_base_url" and value is not None:
            if not isinstance(value, str) or not value.startswith(("http://", "https://")):
                raise ControlError("cdn_base_url must be an absolute http(s) URL")
            value = value.rstrip("/")
        super().__setattr__(name, value)
