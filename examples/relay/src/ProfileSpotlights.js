// A profile's spotlights, paged forwards. @connection lets the store merge pages; @refetchable
// writes the pagination query (`node(id: $id)` on the profile, with count and cursor).
import { graphql } from 'relay-runtime';

export const profileSpotlights = graphql`
  fragment ProfileSpotlights_profile on PublicProfile
  @refetchable(queryName: "ProfileSpotlightsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    displayName
    spotlights(first: $count, after: $cursor) @connection(key: "ProfileSpotlights_spotlights") {
      edges {
        node {
          id
          ...SpotlightCard_spotlight
        }
      }
    }
  }
`;
