import { cpSync } from 'node:fs'
import { join } from 'node:path'
import type { TestRegistry } from './registry-server.js'

/**
 * Gives a test its own copy of a repository of the test registry, every tag (images, signature
 * and referrer tags alike) included: tests release into one seed repository once, and each test
 * works on a copy, so no test sees what another wrote. The copy is made in the registry's
 * filesystem storage (a repository there is links to shared blobs), which takes milliseconds
 * where copying through the API took seconds per test; the registry reads it as its own.
 */
export function cloneRepository(registry: TestRegistry, from: string, to: string): void {
  const repositories = join(registry.dataDir, 'docker', 'registry', 'v2', 'repositories')
  cpSync(join(repositories, from), join(repositories, to), { recursive: true, errorOnExist: true })
}
