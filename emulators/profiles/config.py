"""The Public Profile emulator's variant switches and knobs (contract §6 and README §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from emulators._common.control import ControlError

_REGION = re.compile(r"^[a-z]{2,8}$")
_POSITIVE_INTS = ("max_page_size", "max_add_request_bytes", "max_total_ciphertext_bytes")
_NON_NEGATIVE = ("media_processing_seconds", "spotlight_review_seconds")


@dataclass
class ProfilesConfig:
    """Variant switches (default = the documented form) and knobs; patched by the control plane."""

    #: ``wrapped``: sub-responses with nested entities; ``flat``: the docs' examples' shape.
    list_items: Literal["wrapped", "flat"] = "wrapped"
    #: ``bits``: ``{high_bits, low_bits}``; ``uuid``: a plain UUID string.
    sponsor_id_form: Literal["bits", "uuid"] = "bits"
    #: Where a snap's ``media_type`` sits.
    snap_media_type_location: Literal["media_metadata", "snap"] = "media_metadata"
    #: Sharing-policy list items: ``bare`` (documented, no target) or ``wrapped``.
    sharing_list_items: Literal["bare", "wrapped"] = "bare"
    #: Letter case of ``request_status`` and ``sub_request_status``.
    status_case: Literal["upper", "lower"] = "upper"
    #: Answer API errors with HTTP 200 (the envelope still says ``ERROR``).
    errors_as_200: bool = False
    #: ``MEDIA_PROCESSING`` window after FINALIZE, in emulator seconds; 0 disables it.
    media_processing_seconds: float = 3.0
    #: Media lifetime from S1.
    media_ttl_hours: float = 24.0
    #: Spotlight ``SUBMITTED`` → ``LIVE`` delay.
    spotlight_review_seconds: float = 30.0
    #: Larger ``limit`` values are clamped to this.
    max_page_size: int = 50
    #: Cap on a whole ADD request body, multipart framing included.
    max_add_request_bytes: int = 33_554_432
    #: Cap on the sum of a media's ciphertext parts.
    max_total_ciphertext_bytes: int = 1_073_741_824
    #: Region prefix of ``add_path``/``finalize_path``.
    upload_region: str = "us"

    def __setattr__(self, name: str, value: Any) -> None:
        # The control plane only checks types; ranges are checked here so that a bad
        # PUT /__emulator/config fails loudly instead of breaking paging or uploads later.
        if name in _POSITIVE_INTS and isinstance(value, int) and value < 1:
            raise ControlError(f"{name} must be at least 1")
        if name == "media_ttl_hours" and isinstance(value, int | float) and value <= 0:
            raise ControlError("media_ttl_hours must be positive")
        if name in _NON_NEGATIVE and isinstance(value, int | float) and value < 0:
            raise ControlError(f"{name} must not be negative")
        if name == "upload_region" and isinstance(value, str) and not _REGION.match(value):
            raise ControlError("upload_region must be 2-8 lowercase letters")
        object.__setattr__(self, name, value)
