"""The GraphQL schema: one Relay graph over both upstream APIs."""
