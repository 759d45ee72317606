"""The progress of an upload as GraphQL sees it: ``UploadProgress``, its phase and kind."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.media.uploads import UploadState


@strawberry.enum(description="Where an upload is.")
class UploadPhase(Enum):
    PREPARED = strawberry.enum_value(
        "PREPARED", description="Prepared; waiting for the mutation that carries the file."
    )
    QUEUED = strawberry.enum_value(
        "QUEUED", description="Waiting for a free media upload slot on the gateway."
    )
    PREFLIGHT = strawberry.enum_value("PREFLIGHT", description="Checking the file.")
    ENCRYPTING = strawberry.enum_value(
        "ENCRYPTING", description="Reading and encrypting the file; parts already go up."
    )
    UPLOADING = strawberry.enum_value("UPLOADING", description="Sending the last parts.")
    FINALIZING = strawberry.enum_value("FINALIZING", description="Finalizing the media (S3).")
    PROCESSING = strawberry.enum_value(
        "PROCESSING", description="Waiting for the upstream to finish processing the media."
    )
    DONE = strawberry.enum_value("DONE", description="Finished.")
    FAILED = strawberry.enum_value("FAILED", description="Failed; `error` says why.")


@strawberry.enum(description="What an upload creates.")
class UploadKind(Enum):
    MEDIA = strawberry.enum_value("MEDIA", description="A Public Profile media (encrypted).")
    ALBUM_CONTENT = strawberry.enum_value("ALBUM_CONTENT", description="An album item.")


@strawberry.type(
    description="An upload in progress or recently finished, visible only to the caller who "
    "started it. Byte counts are Floats: they can exceed 32 bits."
)
class UploadProgress:
    id: strawberry.ID = strawberry.field(
        description="The upload's unguessable id (for `upload(id:)` and `uploadProgress`)."
    )
    kind: UploadKind = strawberry.field(description="What the upload creates.")
    phase: UploadPhase = strawberry.field(description="Where the upload is.")
    bytes_total: float | None = strawberry.field(description="The file's size, once checked.")
    bytes_encrypted: float = strawberry.field(description="File bytes read and encrypted so far.")
    ciphertext_total: float | None = strawberry.field(
        description="Bytes to send upstream (the encrypted size for media)."
    )
    bytes_uploaded: float = strawberry.field(
        description="Bytes handed to the upstream; steps back when a part is sent again."
    )
    parts_done: int = strawberry.field(description="Parts the upstream has acknowledged.")
    parts_total: int | None = strawberry.field(description="Parts in all, once known.")
    media_id: strawberry.ID | None = strawberry.field(
        description="The Public Profile media id, once created."
    )
    error: str | None = strawberry.field(description="Why the upload failed; safe to show.")

    @classmethod
    def of(cls, state: UploadState) -> UploadProgress:
        progress = state.progress
        if state.status == "prepared" and not progress.finished:
            phase = UploadPhase.PREPARED
        elif state.status == "queued" and not progress.finished:
            phase = UploadPhase.QUEUED
        else:
            phase = UploadPhase[progress.phase.upper()]
        return cls(
            id=strawberry.ID(progress.upload_id),
            kind=UploadKind.MEDIA if state.kind == "media" else UploadKind.ALBUM_CONTENT,
            phase=phase,
            bytes_total=progress.bytes_total,
            bytes_encrypted=progress.bytes_encrypted,
            ciphertext_total=progress.ciphertext_total,
            bytes_uploaded=progress.bytes_uploaded,
            parts_done=progress.parts_done,
            parts_total=progress.parts_total,
            media_id=strawberry.ID(progress.media_id) if progress.media_id else None,
            error=progress.error,
        )

    @strawberry.field(description="Share of the bytes handed upstream, 0 to 1, once known.")
    def fraction(self) -> float | None:
        if not self.ciphertext_total:
            return None
        return min(1.0, max(0.0, self.bytes_uploaded / self.ciphertext_total))
