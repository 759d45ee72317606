"""The JSON error body every middleware answers with, shaped like a GraphQL error response."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse


def error_response(
    status: int,
    message: str,
    *,
    code: str,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """``{"errors": [{"message": ..., "extensions": {"code": ...}}]}`` with ``status``."""
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]},
        status_code=status,
        headers=dict(headers or {}),
    )
