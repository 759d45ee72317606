"""GraphQL over HTTP, strictly: every malformed request is a 4xx with a JSON error body,
batches and uploads are counted, and each operation of a batch gets its own context."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.file_uploads.utils import replace_placeholders_with_files
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from gateway.middleware.errors import error_response
from gateway.settings import Settings

_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class RequestRejected(HTTPException):
    """A request refused before execution, with the ``extensions.code`` to answer with."""

    def __init__(self, status_code: int, reason: str, *, code: str | None = None) -> None:
        super().__init__(status_code, reason)
        self.code = code or _CODES.get(status_code, "BAD_REQUEST")


def _bad(reason: str) -> RequestRejected:
    return RequestRejected(400, reason)


def check_request_object(item: Any) -> None:
    if not isinstance(item, dict):
        raise _bad("Each operation must be a JSON object.")
    for key, kinds, what in (
        ("query", (str,), "a string"),
        ("operationName", (str,), "a string"),
        ("variables", (dict,), "an object"),
        ("extensions", (dict,), "an object"),
    ):
        value = item.get(key)
        if value is not None and not isinstance(value, kinds):
            raise _bad(f"The operation's `{key}` must be {what} or null.")


class StrictGraphQLHTTP:
    """Mixed into the Strawberry view (before ``GraphQL``): hardens request parsing.

    Strawberry answers some bad requests with plain-text 400s, and a few (a JSON body that is
    not an object, invalid UTF-8, absurd nesting) with a 500; here each is a 4xx shaped like a
    GraphQL error response.
    """

    settings: Settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # type: ignore[misc]
            return
        response: Response
        try:
            response = await self.run(Request(scope=scope, receive=receive))  # type: ignore[attr-defined]
        except HTTPException as exc:
            code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "BAD_REQUEST")
            response = error_response(exc.status_code, exc.reason, code=code)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data)
        except json.JSONDecodeError:
            raise  # Strawberry's own message: "Unable to parse request body as JSON"
        except UnicodeDecodeError:
            raise _bad("The request body is not valid UTF-8.") from None
        except ValueError:
            raise _bad("The request body holds a number too large to read.") from None
        except RecursionError:
            raise _bad("The request body is nested too deeply.") from None

    def parse_json(self, data: str | bytes) -> Any:
        try:
            value = self.decode_json(data)
        except json.JSONDecodeError:
            raise _bad("Unable to parse request body as JSON.") from None
        # Bodies, variables, extensions, multipart ``operations`` and ``map`` are all objects
        # (a batch is an array of objects): anything else is refused here, in one place.
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
        raise _bad("Expected a JSON object (or, for a batch, an array of objects).")

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        parsed: GraphQLRequestData | list[GraphQLRequestData]
        parsed = await super().parse_http_body(request)  # type: ignore[misc]
        for item in parsed if isinstance(parsed, list) else [parsed]:
            check_request_object(
                {
                    "query": item.query,
                    "operationName": item.operation_name,
                    "variables": item.variables,
                    "extensions": item.extensions,
                }
            )
        return parsed

    def _validate_batch_request(self, request_data: list[Any], protocol: Any) -> None:
        limit = self.settings.limits.max_batch_operations
        if not request_data:
            raise _bad("A batch must hold at least one operation.")
        if len(request_data) > limit:
            raise RequestRejected(
                400,
                f"A batch may hold at most {limit} operations; it held {len(request_data)}.",
                code="OPERATION_LIMIT_EXCEEDED",
            )
        for item in request_data:
            check_request_object(item)

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        try:
            form = await request.get_form_data()
        except (
            ValueError,
            MultiPartException,
            StarletteHTTPException,
        ) as exc:
            raise _bad("Unable to parse the multipart body.") from exc
        try:
            return self._with_files(form)
        except HTTPException:
            # Refused: the spooled files would otherwise stay open until collected.
            close = getattr(form.files, "close", None)
            if close is not None:
                await close()
            raise

    def _with_files(self, form: Any) -> dict[str, Any]:
        uploads = [v for _, v in form.files.multi_items() if not isinstance(v, str)]
        limit = self.settings.http.max_uploads
        if len(uploads) > limit:
            raise RequestRejected(413, f"A request may carry at most {limit} files.")
        operations, files_map = form.form.get("operations"), form.form.get("map", "{}")
        if not isinstance(operations, str | bytes) or not isinstance(files_map, str | bytes):
            raise _bad("A multipart request needs `operations` and `map` as text fields.")
        try:
            result: dict[str, Any] = replace_placeholders_with_files(
                self.parse_json(operations), self.parse_json(files_map), form.files
            )
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError):
            raise _bad("The multipart `map` does not match `operations` and the files.") from None
        return result

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Any,
        root_value: Any,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        if not isinstance(request_data, list):
            result: ExecutionResult | SubscriptionExecutionResult
            result = await super().execute_operation(  # type: ignore[misc]
                request, request_adapter, request_data, context, root_value, sub_response
            )
            return result
        # One context per operation: loaders, memos and per-request errors never mix
        # between the operations of a batch.
        contexts = (
            [context]
            + [
                await self.get_context(request, sub_response)  # type: ignore[attr-defined]
                for _ in request_data[1:]
            ]
        )
        results: list[ExecutionResult] = await asyncio.gather(
            *(
                self.execute_single(  # type: ignore[attr-defined]
                    request=request,
                    request_adapter=request_adapter,
                    sub_response=sub_response,
                    context=item_context,
                    root_value=root_value,
                    request_data=data,
                )
                for item_context, data in zip(contexts, request_data, strict=True)
            )
        )
        return results


__all__ = ["RequestRejected", "StrictGraphQLHTTP"]
