"""Schema extensions: stable error codes, partial-list errors, and masking of the unexpected."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension, ValidationCache

from gateway.observability.request import current as current_request
from gateway.upstreams._http import UpstreamError
from schema.errors import GatewayError, upstream_error

MASKED_MESSAGE = "Unexpected error."


class ErrorCodes(SchemaExtension):
    """Give every error a code: upstream errors keep their service, extra per-item errors
    collected during execution are appended, and anything unexpected is masked when asked."""

    def __init__(self, *, mask_unexpected: bool) -> None:
        self.mask_unexpected = mask_unexpected

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None:
            return
        context = self.execution_context.context
        extra: list[GraphQLError] = list(getattr(context, "extra_errors", ()) or ())
        errors = [self._coded(error) for error in (result.errors or [])] + extra
        result.errors = errors or None

    def _coded(self, error: GraphQLError) -> GraphQLError:
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
            message = MASKED_MESSAGE if self.mask_unexpected else error.message
            return GraphQLError(
                message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                original_error=None if self.mask_unexpected else original,
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


class Observation(SchemaExtension):
    """Tells the access log and metrics which operation ran and whether it had errors."""

    def on_operation(self) -> Iterator[None]:
        yield
        record = current_request()
        if record is None:
            return
        try:
            record.operation = self.execution_context.operation_name
        except Exception:  # an unparsable document has no name to report
            record.operation = None
        result = self.execution_context.result
        if result is not None and result.errors:
            record.outcome = "errors"


class CachedValidation(ValidationCache):
    """Strawberry's validation cache, minus one surprise: it overwrites errors found before
    validation. An operation already refused (over a limit) is not validated at all."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors:
            yield
            return
        yield from super().on_validate()
