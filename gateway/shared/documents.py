"""Where automatically persisted queries (APQ) are kept, by the SHA-256 of their text."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol


class DocumentStore(Protocol):
    async def get(self, sha256: str) -> str | None: ...

    async def put(self, sha256: str, document: str) -> None: ...


class MemoryDocumentStore:
    """Documents of this process, at most ``max_documents`` (least recently used go first)."""

    def __init__(self, *, max_documents: int = 10_000) -> None:
        self._max = max_documents
        self._documents: OrderedDict[str, str] = OrderedDict()

    async def get(self, sha256: str) -> str | None:
        document = self._documents.get(sha256)
        if document is not None:
            self._documents.move_to_end(sha256)
        return document

    async def put(self, sha256: str, document: str) -> None:
        self._documents[sha256] = document
        self._documents.move_to_end(sha256)
        while len(self._documents) > self._max:
            self._documents.popitem(last=False)
