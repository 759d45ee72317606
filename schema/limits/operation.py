"""Operation limits checked before execution: tokens, bracket nesting, depth, aliases, root
fields and the upstream-call estimate (``schema.limits.budget``).

Every check runs before graphql-core validates the document (validation itself is costly on
hostile documents), so an operation over a limit costs no validation, no resolver and no
upstream call. The error's ``extensions`` name the limit (``limit``), its value (``max``) and
what the operation asked for (``actual``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
)
from graphql.error import GraphQLSyntaxError
from graphql.language import Lexer, Source, TokenKind
from strawberry.extensions import SchemaExtension

from gateway.settings import OperationLimits
from schema.limits.budget import TooComplex, Walk, budget_message

CODE = "OPERATION_LIMIT_EXCEEDED"
_OPEN = frozenset({TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L})
_CLOSE = frozenset({TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R})


def limit_error(limit: str, message: str, *, max_value: int, actual: int) -> GraphQLError:
    return GraphQLError(
        message, extensions={"code": CODE, "limit": limit, "max": max_value, "actual": actual}
    )


def max_nesting(limits: OperationLimits) -> int:
    """Brackets of any kind nested in the text; bounds the parser's recursion."""
    return max(2 * limits.max_depth, 32)


def scan_tokens(query: str, limits: OperationLimits) -> GraphQLError | None:
    """Count tokens and bracket nesting without parsing (the parser recurses per level, so a
    deeply nested document must be refused before it is parsed). Syntax errors are left to
    the parser, which reports them better."""
    nesting_limit = max_nesting(limits)
    lexer = Lexer(Source(query))
    count = depth = 0
    try:
        token = lexer.advance()
        while token.kind != TokenKind.EOF:
            count += 1
            if count > limits.max_tokens:
                return limit_error(
                    "tokens",
                    f"The operation has more than {limits.max_tokens} tokens; send a smaller "
                    "document (use variables for large values).",
                    max_value=limits.max_tokens,
                    actual=count,
                )
            if token.kind in _OPEN:
                depth += 1
                if depth > nesting_limit:
                    return limit_error(
                        "nesting",
                        f"The operation nests brackets more than {nesting_limit} deep.",
                        max_value=nesting_limit,
                        actual=depth,
                    )
            elif token.kind in _CLOSE:
                depth -= 1
            token = lexer.advance()
    except GraphQLSyntaxError:
        return None
    return None


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def check_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: OperationLimits,
) -> GraphQLError | None:
    """The first limit the operation breaks, or ``None``."""
    operation = _operation(document, operation_name)
    if operation is None:
        return None  # execution reports the missing or ambiguous operation
    root = schema.get_root_type(operation.operation)
    walk = Walk(
        schema=schema,
        fragments={
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        },
        variables=variables if isinstance(variables, Mapping) else {},
        max_steps=4 * limits.max_tokens,
        stop_depth=limits.max_depth + 1,
    )
    try:
        walk.visit(
            operation.selection_set, root, depth=1, many=1, path="", per_item_of=None, page=0
        )
    except TooComplex:
        return limit_error(
            "fields",
            "The operation expands to too many fields (fragments spread inside fragments); "
            "send a simpler operation.",
            max_value=walk.max_steps,
            actual=walk.steps,
        )
    checks = (
        ("depth", walk.depth, limits.max_depth, "nests fields {actual} deep; the limit is {max}"),
        ("aliases", walk.aliases, limits.max_aliases, "uses {actual} aliases; the limit is {max}"),
        (
            "rootFields",
            walk.root_fields,
            limits.max_root_fields,
            "asks for {actual} top-level fields; the limit is {max}. Split it",
        ),
    )
    for name, actual, maximum, text in checks:
        if actual > maximum:
            message = "The operation " + text.format(actual=actual, max=maximum) + "."
            return limit_error(name, message, max_value=maximum, actual=actual)
    total = sum(cost.calls for cost in walk.costs)
    if total > limits.max_upstream_calls:
        return limit_error(
            "upstreamCalls",
            budget_message(walk.costs, total, limits.max_upstream_calls),
            max_value=limits.max_upstream_calls,
            actual=total,
        )
    return None


class OperationLimitsExtension(SchemaExtension):
    """Refuses operations over the configured limits before they are validated or run."""

    def __init__(self, *, limits: OperationLimits) -> None:
        self.limits = limits

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            error = scan_tokens(context.query, self.limits)
            if error is not None:
                # Raised before parsing: the operation ends here with this error alone.
                raise error
        context.parse_options["max_tokens"] = self.limits.max_tokens
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema = getattr(context.schema, "_schema", None)
        if context.graphql_document is not None and isinstance(schema, GraphQLSchema):
            error = check_document(
                schema,
                context.graphql_document,
                operation_name=context.operation_name,
                variables=context.variables,
                limits=self.limits,
            )
            if error is not None:
                # Set before validation runs, so graphql-core's own rules are skipped too.
                context.pre_execution_errors = [error]
        yield
