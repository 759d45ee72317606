"""What a field's selection asks for: lets a resolver skip an upstream call whose data no
selected field would show."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def only_selects(selections: Iterable[Selection], allowed: frozenset[str]) -> bool:
    """True when every field selected (through fragments too) is one of ``allowed``."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name not in allowed:
                return False
        elif isinstance(selection, FragmentSpread | InlineFragment):
            if not only_selects(selection.selections, allowed):
                return False
        else:
            return False
    return True
