// A file upload with urql: @urql/core sends the GraphQL multipart request spec by itself when
// the variables hold a File or Blob. Usage: node upload.mjs [http://127.0.0.1:8000/graphql]
import assert from 'node:assert/strict';

import { Client, fetchExchange, gql } from '@urql/core';

const url = process.argv[2] ?? process.env.MEDIAGRAPH_URL ?? 'http://127.0.0.1:8000/graphql';

// Multipart is a "simple" cross-site request for a browser: send a preflight-forcing header.
const client = new Client({
  url,
  exchanges: [fetchExchange],
  fetchOptions: { headers: { 'GraphQL-Preflight': '1' } },
});

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

const mine = await client
  .query(gql`
    query FirstAlbum {
      viewer { albums(first: 1) { nodes { id name } } }
    }
  `, {})
  .toPromise();
assert.equal(mine.error, undefined);
const album = mine.data.viewer.albums.nodes[0];

// Any File or Blob in the variables goes as a file part: in a browser, input.files[0].
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const file = new File([PIXEL_PNG], 'pixel.png', { type: 'image/png' });
const result = await client.mutation(UPLOAD, { albumId: album.id, file }).toPromise();
assert.equal(result.error, undefined);
const uploaded = result.data.uploadAlbumContent;
assert.equal(uploaded.__typename, 'AlbumContentUploaded', JSON.stringify(uploaded));
assert.equal(uploaded.content.contentType, 'image/png');
assert.equal(uploaded.upload.phase, 'DONE');
console.log('ok upload', uploaded.content.contentType, 'into', album.name);

// Expected failures are data: a file that is not an image or a video is MediaRejected.
const text = new File(['not a picture'], 'notes.txt', { type: 'text/plain' });
const refused = await client.mutation(UPLOAD, { albumId: album.id, file: text }).toPromise();
const rejection = refused.data.uploadAlbumContent;
assert.equal(rejection.__typename, 'MediaRejected');
assert.ok(rejection.code);
console.log('ok upload-rejected', rejection.code, rejection.message);
