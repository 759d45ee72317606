"""Limits on what one GraphQL request may ask: operation limits and the upstream-call
estimate (schema extension), and GraphQL-over-HTTP request limits (the view's mixin)."""

from schema.limits.operation import OperationLimitsExtension

__all__ = ["OperationLimitsExtension"]
