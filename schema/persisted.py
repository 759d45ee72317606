"""Persisted operations: Apollo's automatic persisted queries (APQ) and trusted documents.

A request may name its document by hash (``extensions.persistedQuery.sha256Hash``, version 1)
instead of sending the text:

- a hash in the trusted manifest runs that document;
- with APQ on, a hash sent once with its text is remembered (in the shared store) and later
  runs alone; an unknown hash answers ``PersistedQueryNotFound`` so the client sends the text;
- in trusted-only mode nothing outside the manifest runs, whether sent by hash or as text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graphql import GraphQLError
from strawberry.http import GraphQLRequestData

from gateway.settings import PersistedDocuments as DocumentSettings
from gateway.shared.documents import DocumentStore

_HASH = re.compile(r"^[0-9a-f]{64}$")


class ManifestError(ValueError):
    """The trusted-documents manifest cannot be read."""


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def load_manifest(path: str) -> dict[str, str]:
    """Read Apollo's persisted-query manifest or a plain ``{hash: document}`` map; every hash
    is checked against its document."""
    try:
        data: Any = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ManifestError(f"cannot read the trusted documents manifest {path}: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("operations"), list):
        pairs = [
            (op.get("id"), op.get("body")) for op in data["operations"] if isinstance(op, dict)
        ]
    elif isinstance(data, dict):
        pairs = list(data.items())
    else:
        raise ManifestError("the trusted documents manifest must be a JSON object")
    manifest: dict[str, str] = {}
    for key, document in pairs:
        if not isinstance(key, str) or not isinstance(document, str):
            raise ManifestError("every manifest entry needs a string id and document")
        digest = key.removeprefix("sha256:").lower()
        if digest != sha256(document):
            raise ManifestError(f"manifest entry {key!r} does not match its document's SHA-256")
        manifest[digest] = document
    return manifest


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request's document cannot run: HTTP status, GraphQL code and message."""

    status: int
    code: str
    message: str

    def error(self) -> GraphQLError:
        return GraphQLError(self.message, extensions={"code": self.code})


NOT_FOUND = Refusal(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")


class PersistedOperations:
    """Resolves the document of each request (lifespan-long; the store may be shared)."""

    def __init__(
        self,
        *,
        settings: DocumentSettings,
        store: DocumentStore,
        manifest: Mapping[str, str] | None = None,
    ) -> None:
        self.apq = settings.apq
        self.trusted_only = settings.trusted_only
        self.store = store
        self.manifest = dict(manifest or {})

    async def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData | Refusal:
        """The request with its document filled in, or why it cannot run."""
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is None:
            if not self.trusted_only or data.query is None or sha256(data.query) in self.manifest:
                return data
            return _untrusted()
        digest = _hash_of(persisted)
        if isinstance(digest, Refusal):
            return digest
        if data.query is None:
            document = self.manifest.get(digest)
            if document is None and self.apq and not self.trusted_only:
                document = await self.store.get(digest)
            if document is None:
                return NOT_FOUND if (self.apq or self.manifest) else _unsupported()
            return replace(data, query=document)
        if sha256(data.query) != digest:
            return Refusal(
                400, "PERSISTED_QUERY_HASH_MISMATCH", "provided sha does not match query"
            )
        if digest not in self.manifest:
            if self.trusted_only:
                return _untrusted()
            if not self.apq:
                return _unsupported()
            await self.store.put(digest, data.query)
        return data


def _hash_of(persisted: Any) -> str | Refusal:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        return Refusal(400, "BAD_REQUEST", "persistedQuery must be {version: 1, sha256Hash}.")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.match(digest.lower()):
        return Refusal(400, "BAD_REQUEST", "persistedQuery.sha256Hash must be 64 hex digits.")
    return digest.lower()


def _untrusted() -> Refusal:
    return Refusal(
        400,
        "OPERATION_NOT_TRUSTED",
        "Only trusted documents run here: add this operation to the client's persisted "
        "document manifest and send its hash.",
    )


def _unsupported() -> Refusal:
    return Refusal(400, "PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported")
