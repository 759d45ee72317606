"""The gateway stack fixture, shared with the gateway tests."""

from tests.gateway.conftest import stack

__all__ = ["stack"]
