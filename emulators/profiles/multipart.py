"""Streaming reader of the ADD/FINALIZE multipart body: the size cap is enforced before buffering.

Starlette's form parser spools files to temporary files and copies them again on read; an ADD
part can be 32 MiB, so this reader appends the ``file`` part straight into one ``bytearray``
as the body streams in, and refuses the request as soon as it (or its Content-Length) is over
``max_add_request_bytes`` (§4.2, quirk 8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from emulators.profiles.envelope import invalid

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

#: Text fields (``action``, ``part_number``) are tiny; this bounds what one may hold.
MAX_FIELD_BYTES = 1024
TOO_LARGE = "Media size is too large"


@dataclass(slots=True)
class UploadForm:
    """The text fields and the single ``file`` part (None when absent)."""

    fields: dict[str, str] = field(default_factory=dict)
    file: bytearray | None = None


class _Collector:
    """python-multipart callbacks that fill an ``UploadForm``."""

    def __init__(self) -> None:
        self.form = UploadForm()
        self.ended = False
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._disposition = b""
        self._name = ""
        self._target: bytearray | None = None
        self._is_file = False

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _part_begin(self) -> None:
        self._disposition = b""
        self._target = None

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        if bytes(self._header_name).lower() == b"content-disposition":
            self._disposition = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise invalid("Each multipart part needs a Content-Disposition name")
        self._name = options[b"name"].decode("latin-1")
        self._is_file = self._name == "file"
        if self._is_file:
            if self.form.file is not None:
                raise invalid("Exactly one file part is allowed")
            self.form.file = bytearray()
            self._target = self.form.file
        else:
            self._target = bytearray()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._target is None:
            return
        if not self._is_file and len(self._target) + end - start > MAX_FIELD_BYTES:
            raise invalid(f"Form field {self._name} is too long")
        # A memoryview slice avoids copying each chunk twice on its way into the part buffer.
        self._target += memoryview(data)[start:end]

    def _part_end(self) -> None:
        if self._target is not None and not self._is_file:
            try:
                self.form.fields[self._name] = self._target.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise invalid(f"Form field {self._name} is not UTF-8") from exc
        self._target = None

    def _end(self) -> None:
        self.ended = True


async def read_upload_form(request: Request, *, max_body: int) -> UploadForm:
    """Parse a ``multipart/form-data`` body of at most ``max_body`` bytes, framing included."""
    kind, params = parse_options_header(request.headers.get("content-type"))
    if kind != b"multipart/form-data":
        raise invalid("Content-Type must be multipart/form-data")
    boundary = params.get(b"boundary")
    if not boundary:
        raise invalid("The multipart boundary is missing")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise invalid("Content-Length is not a number")
        if int(declared) > max_body:
            raise invalid(TOO_LARGE)
    collector = _Collector()
    try:
        parser = MultipartParser(boundary, callbacks=collector.callbacks())
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_body:
                raise invalid(TOO_LARGE)
            if chunk:
                parser.write(chunk)
        parser.finalize()
    except (FormParserError, ValueError) as exc:
        raise invalid(f"The multipart body is malformed: {exc}") from exc
    if not collector.ended:
        raise invalid("The multipart body is malformed: it ends before the closing boundary")
    return collector.form
