"""Interfaces shared across the two upstreams where the data really is alike."""

from __future__ import annotations

import strawberry

from schema.relay import Node


@strawberry.interface(
    description=(
        "A person or brand with a display name: an Albums profile or a Snapchat public profile. "
        "The two have no shared key; they are alike, not linked."
    )
)
class ProfileLike(Node):
    display_name: str | None = strawberry.field(description="The name shown for this profile.")
