"""mediagraph: a GraphQL gateway over the Albums API and the Public Profile API."""
