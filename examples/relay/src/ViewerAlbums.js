// The caller's albums, paged forwards. Viewer is not a Node: @refetchable on it refetches
// through Query.viewer.
import { graphql } from 'relay-runtime';

export const viewerAlbums = graphql`
  fragment ViewerAlbums_viewer on Viewer
  @refetchable(queryName: "ViewerAlbumsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 1 }, cursor: { type: "String" }) {
    albums(first: $count, after: $cursor) @connection(key: "ViewerAlbums_albums") {
      totalCount
      edges {
        node {
          id
          name
          createdAt
        }
      }
    }
  }
`;
