"""Media for the Public Profile API: pre-flight checks, streamed encryption, the parallel part
upload, posting retry and upload progress. No GraphQL types: the schema wires these in."""

from gateway.media.crypto import PART_SIZE, MediaKey
from gateway.media.posting import PostingGaveUp, post_when_processed
from gateway.media.preflight import (
    MediaCheck,
    MediaRejected,
    Purpose,
    Rejection,
    SnapRules,
    check_album_content,
    check_snap_media,
)
from gateway.media.progress import UploadProgress, UploadRegistry, UploadTracker
from gateway.media.upload import MediaUploader, UploadedMedia, UploadFailed

__all__ = [
    "PART_SIZE",
    "MediaCheck",
    "MediaKey",
    "MediaRejected",
    "MediaUploader",
    "PostingGaveUp",
    "Purpose",
    "Rejection",
    "SnapRules",
    "UploadFailed",
    "UploadProgress",
    "UploadRegistry",
    "UploadTracker",
    "UploadedMedia",
    "check_album_content",
    "check_snap_media",
    "post_when_processed",
]
