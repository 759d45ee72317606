"""The Public Profile part of the graph's entry points."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.profiles.types import PublicProfile


@strawberry.type
class ProfilesQueries:
    @strawberry.field(
        description=(
            "A Snapchat public profile by its UUID (authorized view), or, without `profileId`, "
            "the first profile the caller's token administers."
        )
    )
    async def public_profile(
        self,
        info: Info,
        profile_id: strawberry.ID | None = strawberry.UNSET,
    ) -> PublicProfile | None:
        loaders = info.context.loaders
        if profile_id:
            return PublicProfile.from_upstream(await loaders.managed_profile.load(str(profile_id)))
        profile = await info.context.profiles.my_profile()
        loaders.managed_profile.prime(profile.id, profile)
        loaders.public_profile.prime(profile.id, profile)
        return PublicProfile.from_upstream(profile)
