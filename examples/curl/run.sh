#!/usr/bin/env bash
# curl against a running mediagraph gateway: the requests of docs/clients.md, checked.
# Usage: examples/curl/run.sh [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
# Needs curl, sha256sum (or shasum), and python3 (or $PYTHON) to read fields out of the JSON
# answers, as `jq -r` would. Each step prints "ok <step>".
set -euo pipefail
URL="${1:-${MEDIAGRAPH_URL:-http://127.0.0.1:8000/graphql}}"

# The value at a dotted path of the JSON on stdin, like `jq -r .data.viewer`.
field() {
  "${PYTHON:-python3}" -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value))' "$1"
}
fail() { echo "FAILED: $*" >&2; exit 1; }
sha256() { if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -d' ' -f1; }

# 1. One query, both upstreams (a JSON POST needs no CSRF header).
both=$(curl -sS "$URL" -H 'Content-Type: application/json' \
  -d '{"query":"{ viewer { albums(first: 5) { totalCount nodes { id name } } } publicProfile { id displayName } }"}')
name=$(field data.publicProfile.displayName <<<"$both")
count=$(field data.viewer.albums.totalCount <<<"$both")
[ -n "$name" ] && [ "$count" -gt 0 ] || fail "both upstreams: $both"
echo "ok both-upstreams $count albums; $name"

# 2. Paging: the next page starts after the last page's endCursor.
SPOTLIGHTS='query Spotlights($after: String) { publicProfile { spotlights(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { id title } } } }'
page1=$(curl -sS "$URL" -H 'Content-Type: application/json' \
  -d "{\"query\": \"$SPOTLIGHTS\", \"variables\": {\"after\": null}}")
[ "$(field data.publicProfile.spotlights.pageInfo.hasNextPage <<<"$page1")" = true ] || fail "$page1"
cursor=$(field data.publicProfile.spotlights.pageInfo.endCursor <<<"$page1")
page2=$(curl -sS "$URL" -H 'Content-Type: application/json' \
  -d "{\"query\": \"$SPOTLIGHTS\", \"variables\": {\"after\": \"$cursor\"}}")
first_id=$(field data.publicProfile.spotlights.nodes.0.id <<<"$page1")
[ "$(field data.publicProfile.spotlights.nodes.0.id <<<"$page2")" != "$first_id" ] || fail "$page2"
echo "ok paging page 2 starts at $(field data.publicProfile.spotlights.nodes.0.title <<<"$page2")"

# 3. node(id:) refetches any entity by its global id.
node=$(curl -sS "$URL" -H 'Content-Type: application/json' \
  -d "{\"query\": \"query (\$id: ID!) { node(id: \$id) { __typename id ... on Spotlight { title } } }\", \"variables\": {\"id\": \"$first_id\"}}")
[ "$(field data.node.id <<<"$node")" = "$first_id" ] || fail "node: $node"
echo "ok node-refetch $(field data.node.__typename <<<"$node") $(field data.node.title <<<"$node")"

# 4. Errors. A failed field is null with an error (extensions.code); the rest is data.
partial=$(curl -sS "$URL" -H 'Content-Type: application/json' \
  -d '{"query":"{ publicProfile { displayName spotlight(spotlightId: \"no-such-spotlight\") { title } } }"}')
[ "$(field errors.0.extensions.code <<<"$partial")" = NOT_FOUND ] || fail "partial: $partial"
[ "$(field data.publicProfile.spotlight <<<"$partial")" = null ] || fail "partial: $partial"
[ -n "$(field data.publicProfile.displayName <<<"$partial")" ] || fail "partial: $partial"
# A GET without a preflight-forcing header is refused (CSRF): HTTP 400 and a JSON error body.
body=$(mktemp)
status=$(curl -sS -o "$body" -w '%{http_code}' -G "$URL" \
  --data-urlencode 'query={ publicProfile { displayName } }')
[ "$status" = 400 ] || fail "CSRF: HTTP $status"
[ "$(field errors.0.extensions.code <"$body")" = CSRF_PREFLIGHT_REQUIRED ] || fail "CSRF: $(cat "$body")"
rm -f "$body"
# A request error under GraphQL over HTTP's media type is a 4xx without data.
status=$(curl -sS -o /dev/null -w '%{http_code} %{content_type}' "$URL" \
  -H 'Content-Type: application/json' -H 'Accept: application/graphql-response+json' \
  -d '{"query":"{ publicProfile { noSuchField } }"}')
[ "${status%% *}" = 400 ] || fail "validation error: $status"
echo "ok errors NOT_FOUND with partial data; GET without header: 400 CSRF_PREFLIGHT_REQUIRED; invalid: $status"

# 5. Automatic persisted queries: the SHA-256 of the exact text, over GET and POST. A GET needs
# the preflight header, and an Accept header: curl's `*/*` would get GraphiQL's page.
QUERY='query PublicName { publicProfile { displayName } }'
HASH=$(printf '%s' "$QUERY" | sha256)
EXT="{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"$HASH\"}}"
first=$(curl -sS -G "$URL" -H 'GraphQL-Preflight: 1' -H 'Accept: application/json' \
  --data-urlencode "extensions=$EXT")
if grep -q PersistedQueryNotFound <<<"$first"; then
  # Unknown hash (a fresh gateway): send the text once with its hash; the gateway keeps it.
  seen=miss
  register=$(curl -sS "$URL" -H 'Content-Type: application/json' \
    -d "{\"query\": \"$QUERY\", \"extensions\": $EXT}")
  [ -n "$(field data.publicProfile.displayName <<<"$register")" ] || fail "APQ register: $register"
else
  seen=known  # registered by an earlier run
  register=$first
fi
headers=$(mktemp)
hit=$(curl -sS -D "$headers" -G "$URL" -H 'GraphQL-Preflight: 1' \
  -H 'Accept: application/json' --data-urlencode "extensions=$EXT")
[ "$hit" = "$register" ] || fail "APQ GET by hash: $hit"
cache=$(grep -i '^cache-control:' "$headers" | tr -d '\r' | cut -d' ' -f2-)
rm -f "$headers"
post=$(curl -sS "$URL" -H 'Content-Type: application/json' -d "{\"extensions\": $EXT}")
[ "$post" = "$register" ] || fail "APQ POST by hash: $post"
echo "ok persisted-query $HASH: $seen, GET by hash ($cache), POST by hash"
