"""The Albums API endpoints, one module per area; ``register_all`` fixes the route order."""

from __future__ import annotations

from emulators.albums.endpoint import Api
from emulators.albums.routes import albums, content, feed, sessions, shares, wip


def register_all(api: Api) -> None:
    """Literal paths (``/v2/albums/shares``) must come before ``{albumId}`` paths."""
    for module in (sessions, wip, feed, shares, content, albums):
        module.register(api)
