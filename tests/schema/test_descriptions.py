"""Every type, field, argument and enum value of the schema carries a description."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
)

from gateway.settings import Settings
from schema.schema import build_schema


def test_everything_is_described() -> None:
    schema = build_schema(Settings.from_environ({}))._schema
    missing: list[str] = []
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not named.description:
            missing.append(name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(named, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in named.values.items() if not value.description]
        if isinstance(named, GraphQLUnionType) and not named.description:
            missing.append(name)
    assert not missing, "undescribed: " + ", ".join(sorted(missing))
