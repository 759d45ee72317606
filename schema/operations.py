"""Queries and mutations, run the short way: ``GatewaySchema.execute``.

Strawberry runs an operation through its schema-extension machinery: per request, one
instance of every extension and, for each of four phases, a context manager per extension
(whether or not it has anything to do in that phase). For a small query that costs more than
executing it. The gateway's operations need the same few steps every time, in this order:

1. the operation limits' scan of the raw text (before parsing: the parser recurses);
2. parsing, with the parser's token cap;
3. the limits' walk of the document (before validation: validation is costly on hostile
   documents), then validation (introspection refused when it is off);
4. execution, with the plain-field executor (``schema.execution``);
5. error codes and masking (``schema.extensions.code_errors``), and the access-log record.

Steps 1 to 3 depend only on the document text (the walk also on the operation name and the
variables), so what passed them is kept per document: a client sends the same few documents
over and over. Failures are not kept; their errors are built afresh for every request.

Subscriptions still go through Strawberry's machinery and the same steps as extensions.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard, cast

import strawberry
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    execute,
    parse,
    specified_rules,
    validate,
)
from graphql import ExecutionResult as CoreResult
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.exceptions import MissingQueryError
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_first_operation, get_operation_type

from gateway.settings import OperationLimits
from schema.extensions import code_errors, observe
from schema.limits.operation import check_document, scan_tokens

#: Strawberry's check, faster than ``inspect.isawaitable`` on plain values (it runs once per
#: field); typed as graphql-core declares the hook.
_IS_AWAITABLE = cast(Callable[[Any], TypeGuard[Awaitable[Any]]], optimized_is_awaitable)

#: Strawberry's default, when a request names none.
DEFAULT_ALLOWED = (OperationType.QUERY, OperationType.MUTATION, OperationType.SUBSCRIPTION)


@dataclass
class Prepared:
    """A document that passed the text scan and parsed; what else is known of it."""

    document: DocumentNode
    #: graphql-core's validation errors, once validated (``None``: not yet).
    validation: Sequence[GraphQLError] | None = None
    #: Operation names whose walk passed without variables.
    walked: set[str | None] = field(default_factory=set)


class Documents:
    """Prepared documents by text, most recent last, at most ``maxsize``."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._kept: OrderedDict[str, Prepared] = OrderedDict()

    def get(self, query: str) -> Prepared | None:
        prepared = self._kept.get(query)
        if prepared is not None:
            self._kept.move_to_end(query)
        return prepared

    def keep(self, query: str, prepared: Prepared) -> None:
        self._kept[query] = prepared
        if len(self._kept) > self._maxsize:
            self._kept.popitem(last=False)


class GatewaySchema(strawberry.Schema):
    """A Strawberry schema whose ``execute`` takes the short way (module docstring)."""

    def configure(
        self,
        *,
        limits: OperationLimits,
        introspection: bool,
        mask_unexpected: bool,
        documents: int,
    ) -> None:
        self.limits = limits
        self.mask_unexpected = mask_unexpected
        self.rules: tuple[type[ASTValidationRule], ...] = (
            tuple(specified_rules)
            if introspection
            else (*specified_rules, NoSchemaIntrospectionCustomRule)
        )
        self.documents = Documents(documents)

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        if not query:
            raise MissingQueryError
        prepared = self.documents.get(query)
        if prepared is None:
            refused = scan_tokens(query, self.limits)
            if refused is not None:
                return self._finish(context_value, operation_name, None, [refused])
            try:
                document = parse(query, max_tokens=self.limits.max_tokens)
            except GraphQLError as error:
                return self._finish(context_value, operation_name, None, [error])
            prepared = Prepared(document)
            self.documents.keep(query, prepared)
        document = prepared.document
        name = operation_name if operation_name is not None else _first_name(document)
        try:
            operation_type = get_operation_type(document, operation_name)
        except RuntimeError as error:
            raise CannotGetOperationTypeError(operation_name) from error
        allowed = DEFAULT_ALLOWED if allowed_operation_types is None else allowed_operation_types
        if operation_type not in tuple(allowed):
            raise InvalidOperationTypeError(operation_type)

        errors = self._check(prepared, operation_name, variable_values)
        if errors:
            return self._finish(context_value, name, None, errors)
        try:
            result = execute(
                self._schema,
                document,
                root_value=root_value,
                context_value=context_value,
                variable_values=variable_values,
                operation_name=operation_name,
                is_awaitable=_IS_AWAITABLE,
                executor_class=self.execution_context_class,
                operation_extensions=operation_extensions,
            )
            if not isinstance(result, CoreResult):
                result = await result
        except Exception as exc:  # an answer with a coded error, never a 500
            return self._finish(context_value, name, None, [_as_graphql_error(exc)])
        return self._finish(context_value, name, result.data, list(result.errors or ()))

    def _check(
        self,
        prepared: Prepared,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> list[GraphQLError]:
        """The limits' walk, then validation: the first errors found, or none."""
        if variables or operation_name not in prepared.walked:
            refused = check_document(
                self._schema,
                prepared.document,
                operation_name=operation_name,
                variables=variables,
                limits=self.limits,
            )
            if refused is not None:
                return [refused]
            if not variables:
                prepared.walked.add(operation_name)
        if prepared.validation is None:
            prepared.validation = tuple(validate(self._schema, prepared.document, self.rules))
        return list(prepared.validation)

    def _finish(
        self,
        context: Any,
        operation_name: str | None,
        data: dict[str, Any] | None,
        errors: list[GraphQLError],
    ) -> ExecutionResult:
        if errors:
            # Logged as they are, before codes and masking: the log keeps the original.
            self.process_errors(errors)
        coded = code_errors(errors, context, mask_unexpected=self.mask_unexpected)
        observe(operation_name, has_errors=bool(coded))
        return ExecutionResult(data=data, errors=coded or None)


def _as_graphql_error(exc: Exception) -> GraphQLError:
    return exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)


def _first_name(document: DocumentNode) -> str | None:
    operation = get_first_operation(document)
    return operation.name.value if operation is not None and operation.name else None
