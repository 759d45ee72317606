#!/usr/bin/env bash
# A file upload with curl: the GraphQL multipart request spec (operations, map, then the files).
# Usage: examples/curl/upload.sh [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
# Needs curl, base64, and python3 (or $PYTHON) to read fields out of the JSON answers.
set -euo pipefail
URL="${1:-${MEDIAGRAPH_URL:-http://127.0.0.1:8000/graphql}}"

field() {
  "${PYTHON:-python3}" -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value))' "$1"
}
fail() { echo "FAILED: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A 1×1 PNG, and a file that is neither an image nor a video.
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC' |
  base64 -d >"$work/pixel.png"
echo 'not a picture' >"$work/notes.txt"

album=$(curl -sS "$URL" -H 'Content-Type: application/json' \
  -d '{"query":"{ viewer { albums(first: 1) { nodes { id name } } } }"}' |
  field data.viewer.albums.nodes.0.id)

UPLOAD='mutation ($albumId: ID!, $file: Upload!) { uploadAlbumContent(input: {albumId: $albumId, file: $file}) { __typename ... on AlbumContentUploaded { content { id contentType } upload { phase } } ... on MutationError { code message } } }'
# `operations` holds the variables with null where each file goes; `map` says where: file part
# "0" is variables.file. multipart/form-data needs a preflight-forcing header (CSRF).
upload() {
  curl -sS "$URL" -H 'GraphQL-Preflight: 1' \
    -F operations="{\"query\": \"$UPLOAD\", \"variables\": {\"albumId\": \"$album\", \"file\": null}}" \
    -F map='{"0": ["variables.file"]}' \
    -F "0=@$1;type=$2"
}

done=$(upload "$work/pixel.png" image/png)
[ "$(field data.uploadAlbumContent.__typename <<<"$done")" = AlbumContentUploaded ] || fail "$done"
[ "$(field data.uploadAlbumContent.upload.phase <<<"$done")" = DONE ] || fail "$done"
echo "ok upload $(field data.uploadAlbumContent.content.contentType <<<"$done") into $album"

refused=$(upload "$work/notes.txt" text/plain)
[ "$(field data.uploadAlbumContent.__typename <<<"$refused")" = MediaRejected ] || fail "$refused"
echo "ok upload-rejected $(field data.uploadAlbumContent.code <<<"$refused")"
