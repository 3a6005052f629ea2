import { dockerConfigCredentials, type Credentials } from './auth.js'
import { LayoutStore } from './layout.js'
import type { ImageTarget } from './reference.js'
import { RegistryStore, type RegistryOptions } from './registry.js'
import type { Store } from './store.js'

export interface OpenStoreOptions extends Omit<RegistryOptions, 'credentials'> {
  /** From the inputs; when absent, docker's config.json (and its credential helpers) is asked. */
  credentials?: Credentials
  env?: NodeJS.ProcessEnv
  /** Create an empty layout folder when there is none. */
  create?: boolean
}

export async function openStore(
  target: ImageTarget,
  options: OpenStoreOptions = {},
): Promise<Store> {
  if (target.kind === 'layout')
    return LayoutStore.open(target.layout.path, { create: options.create })
  const { registry, repository } = target.ref
  const credentials = options.credentials ?? (await dockerConfigCredentials(registry, options.env))
  return new RegistryStore(registry, repository, { ...options, credentials })
}
