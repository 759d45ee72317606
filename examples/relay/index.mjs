// Relay against a running mediagraph gateway, without React: the fragments in src/ are compiled
// by relay-compiler (npm run compile) and executed here with relay-runtime in Node 20.
// Usage: node index.mjs [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
// Each step prints "ok <step>" and asserts what the demo data guarantees.
import assert from 'node:assert/strict';

import {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
} from 'relay-runtime';

import AppMissingSpotlightQuery from './src/__generated__/AppMissingSpotlightQuery.graphql.js';
import AppQuery from './src/__generated__/AppQuery.graphql.js';
import ProfileSpotlightsPaginationQuery from './src/__generated__/ProfileSpotlightsPaginationQuery.graphql.js';
import ProfileSpotlights from './src/__generated__/ProfileSpotlights_profile.graphql.js';
import SpotlightCardRefetchQuery from './src/__generated__/SpotlightCardRefetchQuery.graphql.js';
import SpotlightCard from './src/__generated__/SpotlightCard_spotlight.graphql.js';
import ViewerAlbumsPaginationQuery from './src/__generated__/ViewerAlbumsPaginationQuery.graphql.js';
import ViewerAlbums from './src/__generated__/ViewerAlbums_viewer.graphql.js';

const url = process.argv[2] ?? process.env.MEDIAGRAPH_URL ?? 'http://127.0.0.1:8000/graphql';

// The network layer. relay-compiler persisted every operation (persistConfig): params.id is the
// SHA-256 of params.text, and persisted_queries.json maps each id to its text, ready to be the
// gateway's trusted documents (MEDIAGRAPH_TRUSTED_DOCUMENTS). So the hash goes first, as in
// Apollo's APQ protocol; a gateway that has not seen it answers PersistedQueryNotFound and gets
// the text once. A JSON POST needs no CSRF header. A request error (a 4xx with a JSON `{errors}`
// body) is returned as is: Relay rejects a response without data, with the errors in the message.
const sent = [];
async function post(body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify(body),
  });
  return response.json();
}
async function fetchGraphQL(params, variables) {
  const request = {
    operationName: params.name,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: params.id } },
  };
  const byHash = await post(request);
  const unknown = byHash.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND');
  sent.push(`${params.name}:${unknown ? 'hash+text' : 'hash'}`);
  return unknown ? post({ ...request, query: params.text }) : byHash;
}

const environment = new Environment({
  network: Network.create(fetchGraphQL),
  store: new Store(new RecordSource()),
});

// What a component's useFragment would return, read from the store.
const read = (fragment, ref) => environment.lookup(getSelector(fragment, ref)).data;
// Keep a query's records while we read them (a mounted component does the same).
const run = async (query, variables = {}) => {
  environment.retain(createOperationDescriptor(query, variables));
  return fetchQuery(environment, query, variables).toPromise();
};

// 1. One query, both upstreams; each fragment reads its own part of the answer.
const app = await run(AppQuery);
const profile = read(ProfileSpotlights, app.publicProfile);
const mine = read(ViewerAlbums, app.viewer);
assert.ok(profile.displayName);
assert.equal(profile.spotlights.edges.length, 2);
assert.equal(mine.albums.edges.length, 1);
console.log('ok both-upstreams', mine.albums.totalCount, 'albums;', profile.displayName);

// 2. Paging with @connection: the pagination queries relay-compiler wrote from @refetchable
// fetch the next pages, and the connection handler appends them to the same connection.
assert.equal(profile.spotlights.pageInfo.hasNextPage, true);
await run(ProfileSpotlightsPaginationQuery, {
  id: app.publicProfile.id,
  count: 2,
  cursor: profile.spotlights.pageInfo.endCursor,
});
const spotlights = read(ProfileSpotlights, app.publicProfile).spotlights.edges;
assert.equal(spotlights.length, 4);
assert.equal(new Set(spotlights.map((edge) => edge.node.id)).size, 4);
let albums = mine.albums;
while (albums.pageInfo.hasNextPage) {
  await run(ViewerAlbumsPaginationQuery, { count: 1, cursor: albums.pageInfo.endCursor });
  albums = read(ViewerAlbums, app.viewer).albums;
}
assert.equal(albums.edges.length, albums.totalCount);
console.log('ok paging', spotlights.length, 'spotlights,', albums.edges.length, 'albums');

// 3. node(id:) refetch: the @refetchable query of a Spotlight fragment.
const cardRef = spotlights[0].node;
const before = read(SpotlightCard, cardRef);
const refetched = await run(SpotlightCardRefetchQuery, { id: before.id });
const card = read(SpotlightCard, refetched.node);
assert.equal(card.id, before.id);
assert.equal(card.title, before.title);
console.log('ok node-refetch Spotlight', card.title);

// 4. Errors: the failed field is caught by @catch with its error; its siblings are data.
const missing = await run(AppMissingSpotlightQuery, { spotlightId: 'no-such-spotlight' });
assert.ok(missing.publicProfile.displayName);
assert.equal(missing.publicProfile.spotlight.ok, false);
const [caught] = missing.publicProfile.spotlight.errors;
assert.equal(caught.extensions.code, 'NOT_FOUND');
assert.equal(caught.extensions.service, 'profiles');
console.log('ok errors', caught.extensions.code, 'caught by @catch, with partial data');

// 5. Persisted queries: every operation above went by its compiled hash; once the gateway knows
// a hash (after one PersistedQueryNotFound on a fresh gateway), the hash alone runs it.
await run(AppQuery);
assert.equal(sent.at(-1), 'AppQuery:hash');
assert.ok(sent.every((entry) => /:hash(\+text)?$/.test(entry)));
console.log('ok persisted-query', sent.join(' '));
