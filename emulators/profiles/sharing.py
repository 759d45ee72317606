"""Sharing policies: S15/S15b lists, S16 create (three scenarios), S17 delete (quirks 22-26)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from emulators.profiles import render
from emulators.profiles.auth import require_member
from emulators.profiles.context import Ctx, Handler, Host, api_route
from emulators.profiles.entities import ResourceRef, SharingPolicy
from emulators.profiles.envelope import SUCCESS, cased, invalid, not_found
from emulators.profiles.inputs import json_object

SOURCE_TYPES = ("pixels", "public_profiles", "catalogs")
TARGET_TYPES = ("adaccounts", "organizations")


def _source_types(ctx: Ctx) -> set[str]:
    """``shared_resource_types`` (client code) wins over ``resource_type`` (docs); none = all."""
    params = ctx.request.query_params
    key = "shared_resource_types" if "shared_resource_types" in params else "resource_type"
    raw = params.get(key)
    if raw is None:
        return set(SOURCE_TYPES)
    values = {value.strip() for value in raw.split(",")}
    if not values <= set(SOURCE_TYPES):
        raise invalid(f"{key} must be a comma-separated list of {', '.join(SOURCE_TYPES)}")
    return values


def _listing(ctx: Ctx, target: ResourceRef) -> dict[str, Any]:
    """Every matching policy in one page, so ``paging`` is always ``{}``."""
    types = _source_types(ctx)
    found = [
        p
        for p in ctx.store.policies.values()
        if p.target == target and p.source.resource_type in types
    ]
    if ctx.config.sharing_list_items == "bare":
        items = [render.policy(p, bare=True) for p in found]
    else:
        ok = cased(SUCCESS, ctx.config)
        items = [{"sub_request_status": ok, "sharing_policy": render.policy(p)} for p in found]
    return ctx.ok(paging={}, sharing_policies=items)


async def list_for_ad_account(ctx: Ctx) -> dict[str, Any]:
    """S15: policies whose target is this ad account; the caller must be in its organization."""
    token = ctx.token()
    account = ctx.store.ad_accounts.get(ctx.param("ad_account_id"))
    if account is None:
        raise not_found(f"Ad account {ctx.param('ad_account_id')} was not found")
    require_member(token, account.organization_id, f"ad account {account.id}")
    return _listing(ctx, ResourceRef("adaccounts", account.id))


async def list_for_organization(ctx: Ctx) -> dict[str, Any]:
    """S15b: the same for an organization target."""
    token = ctx.token()
    org = ctx.store.organizations.get(ctx.param("organization_id"))
    if org is None:
        raise not_found(f"Organization {ctx.param('organization_id')} was not found")
    require_member(token, org.id, f"organization {org.id}")
    return _listing(ctx, ResourceRef("organizations", org.id))


def _ref(spec: dict[str, Any], key: str, allowed: tuple[str, ...]) -> ResourceRef:
    value = spec.get(key)
    if not isinstance(value, dict):
        raise invalid(f"{key} is required: {{resource_id, resource_type}}")
    kind, rid = value.get("resource_type"), value.get("resource_id")
    if kind not in allowed or not isinstance(rid, str) or not rid:
        raise invalid(f"{key} needs a resource_id and a resource_type in {', '.join(allowed)}")
    return ResourceRef(kind, rid)


def _unwrap(body: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The bare object (sent by the gateway) or ``{"sharing_policies": [one]}`` (quirk 24)."""
    if "sharing_policies" not in body:
        return body, body.get("parent_policy_id")
    wrapped = body["sharing_policies"]
    if not isinstance(wrapped, list) or len(wrapped) != 1 or not isinstance(wrapped[0], dict):
        raise invalid("sharing_policies must be a list holding exactly one policy")
    spec: dict[str, Any] = wrapped[0]
    return spec, spec.get("parent_policy_id", body.get("parent_policy_id"))


def _creator(kind: str) -> Handler:
    async def create_sharing_policy(ctx: Ctx) -> dict[str, Any]:
        """S16: same-org ad account, external organization, or external ad account + parent."""
        token = ctx.token()
        store = ctx.store
        path_ref = ResourceRef(kind, ctx.param("resource_id"))
        owner = store.resource_org(path_ref)
        if owner is None:
            raise not_found(f"{kind} {path_ref.resource_id} was not found")
        require_member(token, owner, f"{kind} {path_ref.resource_id}")
        spec, parent_id = _unwrap(await json_object(ctx.request))
        source = _ref(spec, "source", SOURCE_TYPES)
        if source != path_ref:
            raise invalid("source must be the resource named in the path")
        target = _ref(spec, "target", TARGET_TYPES)
        target_org = store.resource_org(target)
        if target_org is None:
            raise invalid(f"target {target.resource_type} {target.resource_id} does not exist")
        parent = None
        if parent_id is not None:
            parent = store.policies.get(parent_id) if isinstance(parent_id, str) else None
            if parent is None:
                raise invalid(f"parent_policy_id {parent_id} does not resolve")
        if target.resource_type == "organizations" and target_org == owner:
            raise invalid("A resource cannot be shared with its own organization")
        external_account = target.resource_type == "adaccounts" and target_org != owner
        if external_account:
            wanted = ResourceRef("organizations", target_org)
            if parent is None or parent.source != source or parent.target != wanted:
                raise invalid(
                    "An ad account of an external organization needs parent_policy_id: the "
                    "policy sharing this resource with that organization"
                )
        # The parent only matters for external ad accounts; elsewhere it is not recorded.
        parent_kept = parent.id if external_account and parent is not None else None
        policy = next(
            (
                p
                for p in store.policies.values()
                if (p.source, p.target, p.parent_policy_id) == (source, target, parent_kept)
            ),
            None,
        )
        if policy is None:
            policy = SharingPolicy(store.new_uuid(), source, target, parent_kept)
            store.add_policy(policy)
        item = {
            "sub_request_status": cased(SUCCESS, ctx.config),
            "sharing_policy": render.policy(policy),
        }
        return ctx.ok(sharing_policies=[item])

    return create_sharing_policy


async def delete(ctx: Ctx) -> dict[str, Any]:
    """S17: 404 for unknown or already-deleted ids; child ad-account policies go too."""
    token = ctx.token()
    policy = ctx.store.policies.get(ctx.param("sharing_policy_id"))
    if policy is None:
        raise not_found(f"Sharing policy {ctx.param('sharing_policy_id')} was not found")
    owner = ctx.store.resource_org(policy.source) or ""
    require_member(token, owner, f"sharing policy {policy.id}")
    ctx.store.remove_policy(policy.id)
    return ctx.ok()


def routes(host: Host) -> list[Route]:
    # S16 gets one route per source type, so ``POST /v1/adaccounts/{id}/sharing_policies``
    # is a known path with the wrong method (405), not a bad source type.
    created = [
        api_route(
            f"/v1/{kind}/{{resource_id}}/sharing_policies",
            _creator(kind),
            host=host,
            methods=["POST"],
        )
        for kind in SOURCE_TYPES
    ]
    return [
        api_route(
            "/v1/adaccounts/{ad_account_id}/sharing_policies",
            list_for_ad_account,
            host=host,
            methods=["GET"],
        ),
        api_route(
            "/v1/organizations/{organization_id}/sharing_policies",
            list_for_organization,
            host=host,
            methods=["GET"],
        ),
        *created,
        api_route(
            "/v1/sharing_policies/{sharing_policy_id}", delete, host=host, methods=["DELETE"]
        ),
    ]
