// Hive Gateway as the benchmark runs it: its defaults (one process, no JIT, no response
// cache), serving the supergraph file given on the command line. This file exists so that the
// gateway does not pick up mesh.config.ts (the compose config) as its own.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({});
