"""The static upstream-call estimate of an operation: an upper bound read from the schema.

- A connection costs one call per upstream page (50 items) of the ``first``/``last`` it asks
  for (10 when neither is given), once per parent; its edges and nodes count that many times.
- A field returning a ``Node`` (an entity) costs one call per parent, except for types the
  gateway batches (``BATCHED_TYPES``: Albums profiles come 150 to a call).
- A field returning a plain object is free (an embedded value) unless ``CALLING_FIELDS``
  says that it calls an upstream: a new field of that kind belongs in that table.
- A plain list of entities counts the length of its ``ids`` argument, else ``LIST_GUESS``.

``last`` on a cursor-paged upstream list walks the list from its start; that walk is bounded
by the request deadline rather than by this estimate.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)

from schema.paging import UPSTREAM_PAGE_MAX
from schema.relay import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

#: Items assumed in a list of entities whose length the operation does not state.
LIST_GUESS = DEFAULT_PAGE_SIZE
#: Entity types loaded in batches: type name -> keys per upstream call.
BATCHED_TYPES: Mapping[str, int] = {"AlbumProfile": 150}
#: Fields returning plain objects that still call an upstream, with calls per parent.
CALLING_FIELDS: Mapping[str, int] = {
    "Viewer.albumLimits": 1,
    "AlbumContent.poster": 1,
    "AlbumProfile.albumStatus": 1,
    "AlbumLimitReached.limits": 1,
    # Mutations: the calls of one run, the changed entity read again included. Media parts
    # are not counted: they go through the upload clients, as many as the file needs.
    "Mutation.createAlbum": 2,
    "Mutation.renameAlbum": 3,
    "Mutation.deleteAlbum": 1,
    "Mutation.uploadAlbumContent": 4,
    "Mutation.reorderAlbumContent": 4,
    "Mutation.deleteAlbumContent": 3,
    "Mutation.shareAlbum": 4,
    "Mutation.unshareAlbum": 3,
    "Mutation.recordAlbumView": 2,
    "Mutation.recordAlbumContentView": 2,
    "Mutation.markAlbumFeedItemRead": 3,
    "Mutation.uploadMedia": 3,
    "Mutation.postStory": 3,
    "Mutation.postSpotlight": 3,
    "Mutation.createSavedStory": 3,
    "Mutation.publishStory": 5,
    "Mutation.publishSpotlight": 5,
    "Mutation.crossPostAlbumContent": 7,
    "Mutation.createSharingPolicy": 1,
    "Mutation.deleteSharingPolicy": 1,
    "Mutation.prepareUpload": 0,
}


@dataclass(slots=True)
class Cost:
    path: str
    calls: int
    per_item_of: tuple[str, int] | None


class TooComplex(Exception):
    pass


@dataclass
class Walk:
    """One pass over the selected operation with its fragments expanded."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    max_steps: int
    stop_depth: int
    steps: int = 0
    depth: int = 0
    aliases: int = 0
    root_fields: int = 0
    costs: list[Cost] = field(default_factory=list)

    def fields(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        active: frozenset[str],
    ) -> Iterator[tuple[FieldNode, GraphQLNamedType | None, frozenset[str]]]:
        """The fields of a selection set, through fragments, each with its parent type."""
        for selection in selection_set.selections:
            self.steps += 1
            if self.steps > self.max_steps:
                raise TooComplex
            if isinstance(selection, FieldNode):
                yield selection, parent, active
                continue
            inner: FragmentDefinitionNode | InlineFragmentNode
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in active:
                    continue  # unknown or cyclic: validation reports it
                inner, scope = fragment, active | {name}
            elif isinstance(selection, InlineFragmentNode):
                inner, scope = selection, active
            else:
                continue
            condition = inner.type_condition
            target = self.schema.get_type(condition.name.value) if condition else parent
            yield from self.fields(inner.selection_set, target, scope)

    def visit(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        *,
        depth: int,
        many: int,
        path: str,
        per_item_of: tuple[str, int] | None,
        page: int,
        active: frozenset[str] = frozenset(),
    ) -> None:
        self.depth = max(self.depth, depth)
        if depth > self.stop_depth:
            return  # already too deep: the depth limit reports it
        for node, owner, scope in self.fields(selection_set, parent, active):
            name = node.name.value
            if node.alias:
                self.aliases += 1
            if name.startswith("__"):
                continue  # __typename is free; introspection is bounded by the schema
            if depth == 1:
                self.root_fields += 1
            here = f"{path}.{node.alias.value if node.alias else name}".lstrip(".")
            definition = (
                owner.fields.get(name)
                if isinstance(owner, GraphQLObjectType | GraphQLInterfaceType)
                else None
            )
            if definition is None or node.selection_set is None:
                continue
            child = get_named_type(definition.type)
            child_many, child_of, child_page, calls = many, per_item_of, 0, 0
            if _is_connection(child):
                asked = self._count(node, "first")
                asked = self._count(node, "last") if asked is None else asked
                child_page = DEFAULT_PAGE_SIZE if asked is None else asked
                calls = many * max(1, math.ceil(child_page / UPSTREAM_PAGE_MAX))
            elif _is_connection(owner) or _is_edge(owner):
                if name in ("edges", "nodes") and page:
                    child_many, child_of = many * page, (path, page)
            else:
                listed = isinstance(get_nullable_type(definition.type), GraphQLList)
                if listed:
                    ids = self._length(node, "ids")
                    length = LIST_GUESS if ids is None else ids
                    child_many, child_of = many * length, (here, length)
                calls = self._calls(owner, name, child, child_many)
            if calls:
                self.costs.append(Cost(here, calls, per_item_of))
            self.visit(
                node.selection_set,
                child,
                depth=depth + 1,
                many=child_many,
                path=here,
                per_item_of=child_of,
                page=child_page,
                active=scope,
            )

    @staticmethod
    def _calls(
        owner: GraphQLNamedType | None, name: str, child: GraphQLNamedType, many: int
    ) -> int:
        key = f"{owner.name}.{name}" if owner else name
        if key in CALLING_FIELDS:
            return many * CALLING_FIELDS[key]
        if not _is_entity(child):
            return 0
        batch = BATCHED_TYPES.get(child.name)
        return math.ceil(many / batch) if batch else many

    def _argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return self._value(argument.value)
        return None

    def _value(self, value: ValueNode) -> Any:
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        return None

    def _count(self, node: FieldNode, name: str) -> int | None:
        value = self._argument(node, name)
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        # Larger pages are refused by the resolver before any call.
        return min(max(value, 0), MAX_PAGE_SIZE)

    def _length(self, node: FieldNode, name: str) -> int | None:
        value = self._argument(node, name)
        return min(len(value), MAX_PAGE_SIZE) if isinstance(value, list) else None


def _is_connection(named: GraphQLNamedType | None) -> bool:
    return isinstance(named, GraphQLObjectType) and {"edges", "pageInfo"} <= named.fields.keys()


def _is_edge(named: GraphQLNamedType | None) -> bool:
    return isinstance(named, GraphQLObjectType) and {"node", "cursor"} <= named.fields.keys()


def _is_entity(named: GraphQLNamedType) -> bool:
    if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
        return True
    return isinstance(named, GraphQLObjectType) and any(i.name == "Node" for i in named.interfaces)


def budget_message(costs: list[Cost], total: int, maximum: int) -> str:
    largest = sorted(costs, key=lambda c: c.calls, reverse=True)[:3]
    parts = []
    for cost in largest:
        text = f"`{cost.path}` up to {cost.calls}"
        if cost.per_item_of is not None:
            of, items = cost.per_item_of
            text += f" (for each of {items} items of `{of}`)"
        parts.append(text)
    return (
        f"The operation could need up to {total} upstream calls; the limit is {maximum}. "
        f"Largest: {'; '.join(parts)}. Ask for fewer items with `first`/`last`, select fewer "
        "fields that load other objects, or split the operation."
    )
