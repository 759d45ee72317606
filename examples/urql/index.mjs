// urql (@urql/core 6) against a running mediagraph gateway, in Node 20 (the same code runs in a
// browser). Usage: node index.mjs [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
// Each step prints "ok <step>" and asserts what the demo data guarantees.
import assert from 'node:assert/strict';

import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

const url = process.argv[2] ?? process.env.MEDIAGRAPH_URL ?? 'http://127.0.0.1:8000/graphql';

// urql sends queries as GET when the URL is short enough (preferGetMethod 'within-url-limit'),
// and files as multipart: both need a preflight-forcing header, or the gateway answers 400
// CSRF_PREFLIGHT_REQUIRED.
const fetchOptions = { headers: { 'GraphQL-Preflight': '1' } };

const client = new Client({ url, exchanges: [cacheExchange, fetchExchange], fetchOptions });

// 1. One query, both upstreams.
const BOTH = gql`
  query Both {
    viewer {
      albumProfile { id displayName }
      albums(first: 5) { totalCount nodes { id name } }
    }
    publicProfile { id displayName }
  }
`;
const both = await client.query(BOTH, {}).toPromise();
assert.equal(both.error, undefined);
assert.ok(both.data.viewer.albums.nodes.length > 0);
assert.ok(both.data.publicProfile.displayName);
console.log(
  'ok both-upstreams',
  both.data.viewer.albums.totalCount,
  'albums;',
  both.data.publicProfile.displayName,
);

// 2. Paging: walk Viewer.albums one item at a time with first/after until hasNextPage is false.
const ALBUMS = gql`
  query Albums($first: Int!, $after: String) {
    viewer {
      albums(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id albumId name } }
      }
    }
  }
`;
const albums = [];
let after = null;
for (;;) {
  const page = await client.query(ALBUMS, { first: 1, after }).toPromise();
  assert.equal(page.error, undefined);
  const { edges, pageInfo } = page.data.viewer.albums;
  albums.push(...edges.map((edge) => edge.node));
  if (!pageInfo.hasNextPage) break;
  after = pageInfo.endCursor;
}
assert.equal(albums.length, both.data.viewer.albums.totalCount);
assert.equal(new Set(albums.map((album) => album.id)).size, albums.length);
console.log('ok paging', albums.length, 'albums, one page each');

// 3. node(id:) refetches any entity by its global id.
const NODE = gql`
  query Refetch($id: ID!) {
    node(id: $id) { id ... on Album { albumId createdAt } }
  }
`;
const refetched = await client
  .query(NODE, { id: albums[0].id }, { requestPolicy: 'network-only' })
  .toPromise();
assert.equal(refetched.data.node.id, albums[0].id);
assert.equal(refetched.data.node.albumId, albums[0].albumId);
console.log('ok node-refetch', refetched.data.node.__typename, refetched.data.node.albumId);

// 4. Errors: result.error is a CombinedError; result.data still holds what succeeded.
const PARTIAL = gql`
  query Partial {
    publicProfile { id displayName spotlight(spotlightId: "no-such-spotlight") { id title } }
  }
`;
const partial = await client.query(PARTIAL, {}).toPromise();
const [notFound] = partial.error.graphQLErrors;
assert.equal(notFound.extensions.code, 'NOT_FOUND');
assert.equal(notFound.extensions.service, 'profiles');
assert.ok(partial.data.publicProfile.displayName);
assert.equal(partial.data.publicProfile.spotlight, null);
// Request errors (4xx with a JSON body) arrive the same way; here, a client without the header.
const bare = new Client({ url, exchanges: [fetchExchange] });
const refused = await bare.query(BOTH, {}).toPromise();
assert.equal(refused.data, undefined);
assert.equal(refused.error.graphQLErrors[0].extensions.code, 'CSRF_PREFLIGHT_REQUIRED');
console.log('ok errors', notFound.extensions.code, 'with partial data;', 'no header: CSRF_PREFLIGHT_REQUIRED');

// 5. Automatic persisted queries with @urql/exchange-persisted (SHA-256 from Web/Node crypto).
const seen = [];
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  const method = init.method ?? 'GET';
  const text =
    method === 'GET' ? new URL(String(input)).searchParams.get('query') : JSON.parse(init.body).query;
  seen.push(`${method} ${text ? 'hash+text' : 'hash'} ${response.headers.get('cache-control')}`);
  return response;
};
const persisted = new Client({
  url,
  fetchOptions,
  fetch: recordingFetch,
  exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
});
const PROFILE_NAME = gql`
  query ProfileName {
    publicProfile { id displayName subscriberCount }
  }
`;
const apq1 = await persisted.query(PROFILE_NAME, {}).toPromise();
const apq2 = await persisted.query(PROFILE_NAME, {}).toPromise();
assert.equal(apq1.error, undefined);
assert.deepEqual(apq2.data, apq1.data);
// A fresh gateway does not know the hash, so the exchange resends with the text once.
assert.match(seen.at(-1), /^GET hash (public|private), max-age=\d+$/);
console.log('ok persisted-query', seen.join(' | '));
