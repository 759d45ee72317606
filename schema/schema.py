"""Composes the schema from the domain mixins: ``build_schema(settings)``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from strawberry.extensions import DisableIntrospection, ParserCache, SchemaExtension

from gateway.settings import Settings
from schema.albums.queries import AlbumsQueries
from schema.albums.sharing import SharedAlbum
from schema.albums.types import Album, AlbumContent, AlbumProfile
from schema.execution import executor_for
from schema.extensions import CachedValidation, ErrorCodes, Observation
from schema.lenses.types import Lens
from schema.limits import OperationLimitsExtension
from schema.mutations import Mutation
from schema.nodes import NodeQueries
from schema.operations import GatewaySchema
from schema.profiles.queries import ProfilesQueries
from schema.profiles.types import PublicProfile
from schema.sharing.types import AdAccount, Organization, SharingPolicy
from schema.spotlights.types import Spotlight
from schema.stories.types import SavedStory, SavedStorySnap, Snap, Story
from schema.uploads.progress import Subscription, UploadQueries


@strawberry.type(description="The entry points of the graph.")
class Query(NodeQueries, AlbumsQueries, ProfilesQueries, UploadQueries):
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


#: Distinct documents whose parse and validation are kept (LRU).
DOCUMENT_CACHE_SIZE = 1000


def build_schema(settings: Settings) -> GatewaySchema:
    # Queries and mutations take GatewaySchema.execute (the same steps, without Strawberry's
    # extension machinery); these extensions are those steps for subscriptions.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        # First: the limits scan the raw text and set the parser's token cap before anything
        # parses, and refuse over-limit operations before validation.
        partial(OperationLimitsExtension, limits=settings.limits),
        # Adds a validation rule: it must come before validation runs (in CachedValidation).
        *([DisableIntrospection] if not settings.introspection else []),
        # Each distinct document is parsed and validated once, not on every request.
        partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
        partial(CachedValidation, maxsize=DOCUMENT_CACHE_SIZE),
        partial(ErrorCodes, mask_unexpected=settings.production),
        Observation,
    ]
    schema = GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        extensions=extensions,
    )
    # The executor's plain-field shortcut needs the finished graphql-core schema.
    schema.execution_context_class = executor_for(schema._schema)
    schema.configure(
        limits=settings.limits,
        introspection=settings.introspection,
        mask_unexpected=settings.production,
        documents=DOCUMENT_CACHE_SIZE,
    )
    return schema
