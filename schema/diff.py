"""Breaking and dangerous changes between two printed schemas (graphql-core's own rules).

``python -m schema.diff OLD.graphql NEW.graphql [ALLOWED.md]`` exits non-zero when a breaking
change is not acknowledged: each must be named (as ``Type.field``) in ALLOWED.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from graphql import build_schema, find_breaking_changes, find_dangerous_changes


def changes(old_sdl: str, new_sdl: str) -> tuple[list[str], list[str]]:
    """(breaking, dangerous) descriptions, each naming the coordinate it concerns."""
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    breaking = [f"{c.type.name}: {c.description}" for c in find_breaking_changes(old, new)]
    dangerous = [f"{c.type.name}: {c.description}" for c in find_dangerous_changes(old, new)]
    return breaking, dangerous


def unacknowledged(breaking: list[str], allowed_text: str) -> list[str]:
    """Breaking changes whose coordinate (``Type.field`` or ``Type``) the file does not name."""
    named = set(re.findall(r"`([A-Za-z_][\w.]*)`", allowed_text))
    left = []
    for change in breaking:
        coordinates = set(re.findall(r"\b([A-Z][A-Za-z0-9_]*(?:\.[A-Za-z_]\w*)?)\b", change))
        if not coordinates & named:
            left.append(change)
    return left


def main(argv: list[str]) -> int:
    old_sdl, new_sdl = Path(argv[1]).read_text(), Path(argv[2]).read_text()
    allowed = Path(argv[3]).read_text() if len(argv) > 3 and Path(argv[3]).exists() else ""
    breaking, dangerous = changes(old_sdl, new_sdl)
    for change in dangerous:
        print(f"dangerous: {change}")
    left = unacknowledged(breaking, allowed)
    for change in breaking:
        print(f"{'BREAKING' if change in left else 'breaking (acknowledged)'}: {change}")
    if left:
        print("Deprecate instead of removing, or name each change in SCHEMA_CHANGES.md.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
