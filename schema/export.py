"""Prints the schema's SDL: ``python -m schema.export > schema.graphql``."""

from __future__ import annotations

from gateway.settings import Settings
from schema.schema import build_schema


def sdl() -> str:
    """The printed schema, as committed in ``schema.graphql``."""
    return build_schema(Settings.from_environ({})).as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
