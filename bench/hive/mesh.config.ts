// Composes the supergraph Hive Gateway serves in the benchmark, from the OpenAPI documents
// the emulators publish (GET /openapi.json; the bench saves them to files first).
//
// The N+1 links are declared the way Mesh users declare them: `additionalTypeDefs` with
// `@resolveTo`, each calling an operation generated from the OpenAPI document:
// - Sponsor.profile      → P2 GET /public/v1/public_profiles/{profile_id}  (Q3-distinct)
// - Spotlight.owner_profile → P2 for the spotlight's own profile_id          (Q3-repeated)
// - Story.snaps          → S5 GET {P}/stories/{story_id}/snaps               (Q4)
//
// Environment (set by bench/run): PROFILES_SPEC / ALBUMS_SPEC (document files), PROFILES_URL /
// ALBUMS_URL (where Hive sends its requests), PROFILES_TOKEN, ALBUMS_SESSION.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const env = process.env;

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Profiles', {
        source: env.PROFILES_SPEC!,
        endpoint: env.PROFILES_URL,
        operationHeaders: { Authorization: `Bearer ${env.PROFILES_TOKEN}` },
      }),
    },
    {
      sourceHandler: loadOpenAPISubgraph('Albums', {
        source: env.ALBUMS_SPEC!,
        endpoint: env.ALBUMS_URL,
        operationHeaders: { Authorization: `Grindr3 ${env.ALBUMS_SESSION}` },
      }),
    },
  ],
  additionalTypeDefs: /* GraphQL */ `
    extend type Sponsor {
      profile: publicProfilePublicFields_response
        @resolveTo(
          sourceName: "Profiles"
          sourceTypeName: "Query"
          sourceFieldName: "publicProfilePublicFields"
          requiredSelectionSet: "{ profile_id }"
          sourceArgs: { profile_id: "{root.profile_id}" }
        )
    }
    extend type Spotlight {
      owner_profile: publicProfilePublicFields_response
        @resolveTo(
          sourceName: "Profiles"
          sourceTypeName: "Query"
          sourceFieldName: "publicProfilePublicFields"
          requiredSelectionSet: "{ profile_id }"
          sourceArgs: { profile_id: "{root.profile_id}" }
        )
    }
    extend type Story {
      snaps(limit: Int): storySnaps_response
        @resolveTo(
          sourceName: "Profiles"
          sourceTypeName: "Query"
          sourceFieldName: "storySnaps"
          requiredSelectionSet: "{ id profile_id }"
          sourceArgs: { profile_id: "{root.profile_id}", story_id: "{root.id}", limit: "{args.limit}" }
        )
    }
  `,
});
