// Relay against a running mediagraph gateway, without React: the fragments in src/ are compiled
// by relay-compiler (npm run compile) and executed here with relay-runtime in Node 20.
// Usage: node index.mjs [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
// Each step prints "ok <step>" and asserts what the demo data guarantees.
import assert from 'node:assert/strict';

import RelayRuntime from 'relay-runtime';

import AppMissingSpotlightQuery from './src/__generated__/AppMissingSpotlightQuery.graphql.js';
import AppQuery from './src/__generated__/AppQuery.graphql.js';
import ProfileSpotlightsPaginationQuery from './src/__generated__/ProfileSpotlightsPaginationQuery.graphql.js';
import ProfileSpotlights from './src/__generated__/ProfileSpotlights_profile.graphql.js';
import SpotlightCardRefetchQuery from './src/__generated__/SpotlightCardRefetchQuery.graphql.js';
import SpotlightCard from './src/__generated__/SpotlightCard_spotlight.graphql.js';
import ViewerAlbumsPaginationQuery from './src/__generated__/ViewerAlbumsPaginationQuery.graphql.js';
import ViewerAlbums from './src/__generated__/ViewerAlbums_viewer.graphql.js';

const { Environment, Network, RecordSource, Store, createOperationDescriptor, fetchQuery, getSelector } =
  RelayRuntime;

const url = process.argv[2] ?? process.env.MEDIAGRAPH_URL ?? 'http://127.0.0.1:8000/graphql';

// The network layer: a JSON POST needs no CSRF header. A request error (a 4xx with a JSON
// `{errors}` body under application/graphql-response+json) is returned as is: Relay rejects the
// request because it has no data, with the errors in the message.
async function fetchGraphQL(params, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify({ query: params.text, variables, operationName: params.name }),
  });
  return response.json();
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
