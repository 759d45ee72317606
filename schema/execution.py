"""The executor: graphql-core's, with a shortcut for plain fields.

Most fields of a large answer (a page of 100 spotlights, 6 scalars each) are *plain*: no
arguments, no resolver, a scalar or enum read straight off the object. graphql-core gives
each of them the full treatment — a resolve-info object, argument coercion, Strawberry's
resolver wrapper, the completion dispatch — which costs several times the read itself. A
plain field here is read and serialized directly; anything unusual (a null in a non-null
field, a value the scalar refuses, an attribute error) goes down the general path, which
reports it exactly as before.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, NamedTuple

from graphql import (
    GraphQLObjectType,
    GraphQLResolveInfoHelpers,
    GraphQLSchema,
    get_nullable_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

_MISSING = object()


class Plain(NamedTuple):
    attribute: str
    serialize: Callable[[Any], Any]
    non_null: bool


def plain_fields(schema: GraphQLSchema) -> dict[str, dict[str, Plain]]:
    """Per object type, its plain fields: Strawberry fields without a resolver or field
    extensions (read with ``getattr``, Strawberry's default resolver), without arguments,
    of a scalar or enum type."""
    found: dict[str, dict[str, Plain]] = {}
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            definition = (field.extensions or {}).get("strawberry-definition")
            if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
                continue
            leaf = get_nullable_type(field.type)
            if field.args or not is_leaf_type(leaf):
                continue
            found.setdefault(type_.name, {})[name] = Plain(
                definition.python_name, leaf.serialize, is_non_null_type(field.type)
            )
    return found


class GatewayExecutor(StrawberryGraphQLCoreExecutionContext):
    """Set up for one schema by :func:`executor_for`."""

    plain: ClassVar[Mapping[str, Mapping[str, Plain]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # Schema extensions that resolve (field middleware) must see every field.
        self._shortcut = self.plain if manager is None or not manager.middlewares else {}
        # graphql-core's resolver helpers are methods of the executor, which holds the
        # request's context: a reference cycle that keeps the whole request (loaders, upstream
        # pages, the answer) alive until the cycle collector runs. Weakly bound helpers let it
        # all go the moment the request ends, which bounds memory under load.
        self.async_helpers = GraphQLResolveInfoHelpers(
            gather=_weakly(self.gather_async_work), track=_weakly(self.track_async_work)
        )

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        # An object whose selected fields are all plain (a page item's scalars) is read in one
        # loop: no path, no awaitable check per field. Anything unusual sends the whole object
        # down the general path, which reads it again and reports what went wrong.
        fields = self._shortcut.get(parent_type.name)
        if fields is not None:
            wanted: list[tuple[str, Plain]] = []
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                plain = fields.get(node.name.value)
                if plain is None or node.arguments:
                    break
                wanted.append((response_name, plain))
            else:
                results: dict[str, Any] = {}
                for response_name, plain in wanted:
                    value = _read(plain, source_value)
                    if value is _MISSING:
                        break
                    results[response_name] = value
                else:
                    return results
        return super().execute_fields(
            parent_type, source_value, path, grouped_field_set, position_context
        )

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        fields = self._shortcut.get(parent_type.name)
        if fields is not None:
            node = field_details_list[0].node
            plain = fields.get(node.name.value)
            if plain is not None and not node.arguments:
                value = _read(plain, source)
                if value is not _MISSING:
                    return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )


def _read(plain: Plain, source: Any) -> Any:
    """A plain field's serialized value, or ``_MISSING`` where the general path must decide
    (a null in a non-null field, a missing attribute, a value the scalar refuses)."""
    value = getattr(source, plain.attribute, _MISSING)
    if value is None:
        return _MISSING if plain.non_null else None
    if value is _MISSING:
        return _MISSING
    try:
        return plain.serialize(value)
    except Exception:
        return _MISSING


def _weakly(method: Callable[..., Any]) -> Callable[..., Any]:
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> Any:
        bound = ref()
        if bound is None:
            # Only reachable by a resolver that kept its info past the end of its operation.
            raise RuntimeError("the operation this resolver belonged to has finished")
        return bound(*args)

    return call


def executor_for(schema: GraphQLSchema) -> type[GatewayExecutor]:
    """An executor class that knows ``schema``'s plain fields."""
    return type("GatewayExecutor", (GatewayExecutor,), {"plain": plain_fields(schema)})
