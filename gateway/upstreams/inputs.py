"""Write inputs checked before any call: the typed error the writers raise when one is wrong."""

from __future__ import annotations


class InvalidInput(ValueError):
    """A write input the upstream would refuse; nothing was sent.

    ``field`` names the input (``name``, ``description``, ``snap_sources[2]`` …) so the GraphQL
    layer can return it as a field path; ``message`` is safe to show to clients.
    """

    code = "BAD_USER_INPUT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_length(field: str, value: str | None, *, max_chars: int) -> None:
    """Raise unless ``value`` has at most ``max_chars`` characters (code points)."""
    if value is not None and len(value) > max_chars:
        raise InvalidInput(field, f"at most {max_chars} characters, got {len(value)}")
