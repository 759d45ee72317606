// Apollo Client 4 against a running mediagraph gateway, in Node 20 (the same code runs in a
// browser). Usage: node index.mjs [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
// Each step prints "ok <step>" and asserts what the demo data guarantees.
import assert from 'node:assert/strict';

import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { relayStylePagination } from '@apollo/client/utilities';
import { sha256 } from 'crypto-hash';

const uri = process.argv[2] ?? process.env.MEDIAGRAPH_URL ?? 'http://127.0.0.1:8000/graphql';

// The gateway refuses requests a browser could send cross-site without a CORS preflight (GET,
// multipart) unless they carry a preflight-forcing header. JSON POSTs pass anyway; sending the
// header on every request keeps GET and uploads working too.
const headers = { 'Apollo-Require-Preflight': 'true' };

const cache = new InMemoryCache({
  typePolicies: {
    // One list per profile however it is paged: `after` pages merge into the same edges.
    PublicProfile: { fields: { spotlights: relayStylePagination() } },
    Viewer: { fields: { albums: relayStylePagination() } },
  },
});
const client = new ApolloClient({ link: new HttpLink({ uri, headers }), cache });

// 1. One query, both upstreams: the Albums API (viewer) and the Public Profile API.
const BOTH = gql`
  query Both {
    viewer {
      albumProfile { id displayName }
      albums(first: 5) { totalCount nodes { id name } }
    }
    publicProfile { id displayName }
  }
`;
const both = await client.query({ query: BOTH });
assert.ok(both.data.viewer.albums.nodes.length > 0);
assert.ok(both.data.publicProfile.displayName);
console.log(
  'ok both-upstreams',
  both.data.viewer.albums.totalCount,
  'albums;',
  both.data.publicProfile.displayName,
);

// 2. Paging a connection with first/after; relayStylePagination merges the pages in the cache.
const SPOTLIGHTS = gql`
  query Spotlights($first: Int!, $after: String) {
    publicProfile {
      id
      spotlights(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id title } }
      }
    }
  }
`;
const page1 = await client.query({ query: SPOTLIGHTS, variables: { first: 2 } });
const { hasNextPage, endCursor } = page1.data.publicProfile.spotlights.pageInfo;
assert.equal(hasNextPage, true);
// The next page must come from the network: the merged list already satisfies the query.
await client.query({
  query: SPOTLIGHTS,
  variables: { first: 2, after: endCursor },
  fetchPolicy: 'network-only',
});
const merged = client.readQuery({ query: SPOTLIGHTS, variables: { first: 2 } });
const ids = merged.publicProfile.spotlights.edges.map((edge) => edge.node.id);
assert.equal(ids.length, 4);
assert.equal(new Set(ids).size, 4);
console.log('ok paging', ids.length, 'spotlights in the cache after two pages');

// 3. node(id:) refetches any entity by its global id.
const NODE = gql`
  query Refetch($id: ID!) {
    node(id: $id) { id ... on Spotlight { title duration } }
  }
`;
const first = page1.data.publicProfile.spotlights.edges[0].node;
const refetched = await client.query({
  query: NODE,
  variables: { id: first.id },
  fetchPolicy: 'network-only',
});
assert.equal(refetched.data.node.id, first.id);
assert.equal(refetched.data.node.title, first.title);
console.log('ok node-refetch', refetched.data.node.__typename, refetched.data.node.title);

// 4. Errors: a failed field is null with an error that has extensions.code; the rest is data.
const PARTIAL = gql`
  query Partial {
    publicProfile { id displayName spotlight(spotlightId: "no-such-spotlight") { id title } }
  }
`;
const partial = await client.query({ query: PARTIAL, errorPolicy: 'all' });
assert.ok(CombinedGraphQLErrors.is(partial.error));
const [notFound] = partial.error.errors;
assert.equal(notFound.extensions.code, 'NOT_FOUND');
assert.equal(notFound.extensions.service, 'profiles');
assert.deepEqual(notFound.path, ['publicProfile', 'spotlight']);
assert.ok(partial.data.publicProfile.displayName);
assert.equal(partial.data.publicProfile.spotlight, null);
// With the default errorPolicy ('none') the same query rejects instead.
await assert.rejects(
  client.query({ query: PARTIAL, fetchPolicy: 'network-only' }),
  (error) => CombinedGraphQLErrors.is(error) && error.errors[0].extensions.code === 'NOT_FOUND',
);
console.log('ok errors', notFound.extensions.code, 'with partial data');

// 5. Automatic persisted queries: the hash over GET, the text only when the gateway asks.
const seen = [];
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(String(input));
  const text = init.method === 'GET' ? url.searchParams.get('query') : JSON.parse(init.body).query;
  seen.push(`${init.method} ${text ? 'hash+text' : 'hash'} ${response.headers.get('cache-control')}`);
  return response;
};
const persisted = new ApolloClient({
  link: ApolloLink.from([
    new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
    new HttpLink({ uri, headers, fetch: recordingFetch }),
  ]),
  cache: new InMemoryCache(),
});
const PROFILE_NAME = gql`
  query ProfileName {
    publicProfile { id displayName subscriberCount }
  }
`;
const apq1 = await persisted.query({ query: PROFILE_NAME, fetchPolicy: 'network-only' });
const apq2 = await persisted.query({ query: PROFILE_NAME, fetchPolicy: 'network-only' });
assert.deepEqual(apq2.data, apq1.data);
// A fresh gateway does not know the hash (PersistedQueryNotFound), so the link sends the text
// once; from then on the hash alone runs, over a cacheable GET.
const last = seen.at(-1);
assert.match(last, /^GET hash (public|private), max-age=\d+$/);
if (seen.length === 3) {
  assert.match(seen[0], /^GET hash /);
  assert.match(seen[1], /^POST hash\+text /);
}
console.log('ok persisted-query', seen.join(' | '));
