"""Schema extensions: stable error codes, partial-list errors, and masking of the unexpected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension, ValidationCache

from gateway.observability.request import current as current_request
from gateway.upstreams._http import UpstreamError
from schema.errors import GatewayError, upstream_error

MASKED_MESSAGE = "Unexpected error."


def code_errors(
    errors: list[GraphQLError], context: Any, *, mask_unexpected: bool
) -> list[GraphQLError]:
    """Every error with a code: upstream errors keep their service, anything unexpected is
    masked when asked; then the per-item errors the resolvers reported (``extra_errors``)."""
    extra: list[GraphQLError] = list(getattr(context, "extra_errors", ()) or ())
    return [_coded(error, mask_unexpected) for error in errors] + extra


def observe(operation_name: str | None, *, has_errors: bool) -> None:
    """Tell the access log and metrics which operation ran and whether it had errors."""
    record = current_request()
    if record is None:
        return
    record.operation = operation_name
    if has_errors:
        record.outcome = "errors"


def _coded(error: GraphQLError, mask_unexpected: bool) -> GraphQLError:
    original = error.original_error
    if original is None:
        # Parse and validation errors: the client's operation is at fault.
        if not (error.extensions or {}).get("code"):
            return GraphQLError(
                error.message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"},
            )
        return error
    if isinstance(original, GatewayError):
        replacement: GraphQLError = original
    elif isinstance(original, UpstreamError):
        replacement = upstream_error(original)
    else:
        message = MASKED_MESSAGE if mask_unexpected else error.message
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None if mask_unexpected else original,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )
    return GraphQLError(
        replacement.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=replacement.extensions,
    )


class ErrorCodes(SchemaExtension):
    """``code_errors`` for operations that run through Strawberry's extensions
    (subscriptions; queries and mutations take ``GatewaySchema.execute``)."""

    def __init__(self, *, mask_unexpected: bool) -> None:
        self.mask_unexpected = mask_unexpected

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None:
            return
        errors = code_errors(
            list(result.errors or []),
            self.execution_context.context,
            mask_unexpected=self.mask_unexpected,
        )
        result.errors = errors or None


class Observation(SchemaExtension):
    """``observe`` for operations that run through Strawberry's extensions."""

    def on_operation(self) -> Iterator[None]:
        yield
        try:
            name = self.execution_context.operation_name
        except Exception:  # an unparsable document has no name to report
            name = None
        result = self.execution_context.result
        observe(name, has_errors=result is not None and bool(result.errors))


class CachedValidation(ValidationCache):
    """Strawberry's validation cache, minus one surprise: it overwrites errors found before
    validation. An operation already refused (over a limit) is not validated at all."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors:
            yield
            return
        yield from super().on_validate()
