// The screen's query: both upstreams in one request, each part owned by its fragment.
import { graphql } from 'relay-runtime';

export const appQuery = graphql`
  query AppQuery {
    viewer {
      ...ViewerAlbums_viewer
    }
    publicProfile {
      id
      ...ProfileSpotlights_profile
    }
  }
`;

// A field that fails upstream: @catch hands the error to the component instead of throwing.
export const appMissingSpotlightQuery = graphql`
  query AppMissingSpotlightQuery($spotlightId: ID!) {
    publicProfile {
      displayName
      spotlight(spotlightId: $spotlightId) @catch {
        title
      }
    }
  }
`;
