"""The root ``Mutation``, composed from the domain mixins (one input object each, a union of the
result and its expected failures)."""

from __future__ import annotations

import strawberry

from schema.albums.content_mutations import AlbumContentMutations
from schema.albums.mutations import AlbumsMutations
from schema.albums.share_mutations import AlbumSharingMutations
from schema.albums.view_mutations import AlbumViewMutations
from schema.crosspost.mutations import CrossPostMutations
from schema.profiles.mutations import MediaMutations
from schema.sharing.mutations import SharingPolicyMutations
from schema.spotlights.mutations import SpotlightMutations
from schema.stories.mutations import StoryMutations
from schema.stories.saved_mutations import SavedStoryMutations
from schema.uploads.progress import UploadMutations


@strawberry.type(
    description="Every change the graph can make. Each mutation takes one `input` object and "
    "returns a union of its result (with the changed entity, read again) and its expected "
    "failures, which implement `MutationError`; only unexpected failures are errors."
)
class Mutation(
    AlbumsMutations,
    AlbumContentMutations,
    AlbumSharingMutations,
    AlbumViewMutations,
    MediaMutations,
    StoryMutations,
    SavedStoryMutations,
    SpotlightMutations,
    SharingPolicyMutations,
    CrossPostMutations,
    UploadMutations,
):
    pass
