"""The Public Profile part of the graph's entry points."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.profiles.types import PublicProfile
from schema.relay import parse_uuid
from schema.selection import only_selects
from schema.sharing.types import AdAccount, Organization

#: PublicProfile fields answered from the profile id alone (the lists make their own calls).
KNOWN_WITHOUT_FETCHING = frozenset(
    {
        "__typename",
        "id",
        "profileId",
        "spotlights",
        "spotlight",
        "stories",
        "savedStories",
        "lenses",
        "lens",
        "sharingPolicies",
    }
)


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
        profile_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The profile UUID; omit it for your own profile."),
        ] = None,
    ) -> PublicProfile | None:
        loaders = info.context.loaders
        if profile_id is not None:
            uuid = parse_uuid(str(profile_id))
            if only_selects(info.selected_fields[0].selections, KNOWN_WITHOUT_FETCHING):
                # Only lists and ids asked for: they need the id, not the profile itself.
                return PublicProfile.from_id(uuid)
            return PublicProfile.from_upstream(await loaders.managed_profile.load(uuid))
        profile = await info.context.profiles.my_profile()
        loaders.managed_profile.prime(profile.id, profile)
        loaders.public_profile.prime(profile.id, profile)
        return PublicProfile.from_upstream(profile)

    @strawberry.field(description="A Snap organization by its UUID.")
    def organization(
        self,
        organization_id: Annotated[
            strawberry.ID, strawberry.argument(description="The organization UUID.")
        ],
    ) -> Organization:
        return Organization.of(parse_uuid(str(organization_id)))

    @strawberry.field(description="A Snap ad account by its UUID.")
    def ad_account(
        self,
        ad_account_id: Annotated[
            strawberry.ID, strawberry.argument(description="The ad account UUID.")
        ],
    ) -> AdAccount:
        return AdAccount.of(parse_uuid(str(ad_account_id)))
