// A spotlight as one card shows it. @refetchable on a Node type makes relay-compiler write
// SpotlightCardRefetchQuery: `node(id: $id) { ...SpotlightCard_spotlight }`.
import { graphql } from 'relay-runtime';

export const spotlightCard = graphql`
  fragment SpotlightCard_spotlight on Spotlight
  @refetchable(queryName: "SpotlightCardRefetchQuery") {
    id
    title
    duration
    status
    sponsor {
      displayName
    }
  }
`;
