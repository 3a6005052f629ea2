import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Integration tests start real registries and tools; each file gets its own process.
    pool: 'forks',
    // Most of a file's time is spent waiting on a registry, git or buildah, so two files at once
    // even on two cores (vitest's default there is one): the suite took 410 s instead of 649 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
