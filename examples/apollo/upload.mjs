// A file upload with Apollo Client 4 and apollo-upload-client (the GraphQL multipart request
// spec). Usage: node upload.mjs [http://127.0.0.1:8000/graphql]  (or MEDIAGRAPH_URL=...)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { buildSchema, isAbstractType } from 'graphql';

const uri = process.argv[2] ?? process.env.MEDIAGRAPH_URL ?? 'http://127.0.0.1:8000/graphql';

// A multipart POST is a "simple" cross-site request for a browser: the gateway wants a
// preflight-forcing header on it, else HTTP 400 CSRF_PREFLIGHT_REQUIRED.
const client = new ApolloClient({
  link: new UploadHttpLink({ uri, headers: { 'Apollo-Require-Preflight': 'true' } }),
  cache: new InMemoryCache({ possibleTypes: possibleTypesOf('../../schema.graphql') }),
});

// The cache matches a fragment on an interface or union (`... on MutationError`) only if it
// knows the types behind it; without this map those fields would read as undefined. An app
// writes the map at build time; here it comes from the committed schema.
function possibleTypesOf(path) {
  const schema = buildSchema(readFileSync(new URL(path, import.meta.url), 'utf8'));
  return Object.fromEntries(
    Object.values(schema.getTypeMap())
      .filter(isAbstractType)
      .map((type) => [type.name, schema.getPossibleTypes(type).map((member) => member.name)]),
  );
}

const UPLOAD = gql`
  mutation Upload($albumId: ID!, $file: Upload!) {
    uploadAlbumContent(input: { albumId: $albumId, file: $file }) {
      __typename
      ... on AlbumContentUploaded {
        content { id contentType }
        upload { phase bytesTotal }
      }
      ... on MutationError { code message }
    }
  }
`;

const { data: mine } = await client.query({
  query: gql`
    query FirstAlbum {
      viewer { albums(first: 1) { nodes { id name } } }
    }
  `,
});
const album = mine.viewer.albums.nodes[0];

// Any File or Blob in the variables goes as a file part: in a browser, input.files[0].
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const file = new File([PIXEL_PNG], 'pixel.png', { type: 'image/png' });
const { data } = await client.mutate({ mutation: UPLOAD, variables: { albumId: album.id, file } });
const uploaded = data.uploadAlbumContent;
assert.equal(uploaded.__typename, 'AlbumContentUploaded', JSON.stringify(uploaded));
assert.equal(uploaded.content.contentType, 'image/png');
assert.equal(uploaded.upload.phase, 'DONE');
console.log('ok upload', uploaded.content.contentType, 'into', album.name);

// Expected failures are data: a file that is not an image or a video is MediaRejected.
const text = new File(['not a picture'], 'notes.txt', { type: 'text/plain' });
const { data: refused } = await client.mutate({
  mutation: UPLOAD,
  variables: { albumId: album.id, file: text },
});
assert.equal(refused.uploadAlbumContent.__typename, 'MediaRejected');
assert.ok(refused.uploadAlbumContent.code);
console.log('ok upload-rejected', refused.uploadAlbumContent.code, refused.uploadAlbumContent.message);
