"""Composes the schema from the domain mixins: ``build_schema(settings)``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from strawberry.extensions import DisableIntrospection, SchemaExtension

from gateway.settings import Settings
from schema.albums.queries import AlbumsQueries
from schema.albums.sharing import SharedAlbum
from schema.albums.types import Album, AlbumContent, AlbumProfile
from schema.extensions import ErrorCodes, Observation
from schema.lenses.types import Lens
from schema.limits import OperationLimitsExtension
from schema.nodes import NodeQueries
from schema.profiles.queries import ProfilesQueries
from schema.profiles.types import PublicProfile
from schema.sharing.types import AdAccount, Organization, SharingPolicy
from schema.spotlights.types import Spotlight
from schema.stories.types import SavedStory, SavedStorySnap, Snap, Story


@strawberry.type(description="The entry points of the graph.")
class Query(NodeQueries, AlbumsQueries, ProfilesQueries):
    pass


#: Types only reachable through interfaces, listed so the schema knows them.
NODE_TYPES = [
    Album,
    AlbumContent,
    AlbumProfile,
    SharedAlbum,
    PublicProfile,
    Spotlight,
    Story,
    Snap,
    SavedStory,
    SavedStorySnap,
    Lens,
    SharingPolicy,
    Organization,
    AdAccount,
]


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        partial(ErrorCodes, mask_unexpected=settings.production),
        partial(OperationLimitsExtension, limits=settings.limits),
        Observation,
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(query=Query, types=NODE_TYPES, extensions=extensions)
