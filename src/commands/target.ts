import { resolve } from 'node:path'
import type { Config } from '../config.js'
import { ReleaseError } from '../errors.js'
import { dockerConfigCredentials, type Credentials } from '../oci/auth.js'
import { openStore } from '../oci/open-store.js'
import { selectorOf } from '../oci/reference.js'
import type { Store } from '../oci/store.js'
import type { Descriptor } from '../oci/types.js'
import type { CommandContext } from './context.js'

/**
 * Credentials for a registry: the inputs (for the target's registry only), else docker's
 * config.json as docker/login-action leaves it, else, for ghcr.io in Actions, the actor and
 * the workflow token.
 */
export function credentialsFor(config: Config, ctx: Pick<CommandContext, 'env'>) {
  return async (registry: string): Promise<Credentials | undefined> => {
    const target = config.image.kind === 'registry' ? config.image.ref.registry : undefined
    if (config.registryUsername && config.registryPassword && registry === target) {
      return { username: config.registryUsername, password: config.registryPassword }
    }
    const fromDocker = await dockerConfigCredentials(registry, ctx.env)
    if (fromDocker) return fromDocker
    if (registry === 'ghcr.io' && ctx.env.GITHUB_ACTIONS === 'true' && config.githubToken) {
      return { username: ctx.env.GITHUB_ACTOR || 'github-actions', password: config.githubToken }
    }
    return undefined
  }
}

export async function openTarget(
  config: Config,
  ctx: CommandContext,
  options: { create?: boolean } = {},
): Promise<Store> {
  const registry = config.image.kind === 'registry' ? config.image.ref.registry : undefined
  return openStore(config.image, {
    credentials: registry ? await ctx.credentials(registry) : undefined,
    insecureRegistries: [...config.insecureRegistries],
    onSecret: ctx.mask,
    onRetry: (message) => ctx.logger.info(message),
    env: ctx.env,
    create: options.create,
  })
}

/** What the command writes inside a checkout: the layout folder of an `oci:` target. */
export function targetFolders(config: Config): string[] {
  // Resolved as openStore resolves it: against the process's folder.
  return config.image.kind === 'layout' ? [resolve(config.image.layout.path)] : []
}

/** `repository@sha256:…`: the immutable reference to deploy. */
export function imageReference(config: Config, digest: string): string {
  return `${describeTarget(config)}@${digest}`
}

export function describeTarget(config: Config): string {
  return config.image.kind === 'registry'
    ? `${config.image.ref.registry}/${config.image.ref.repository}`
    : `oci:${config.image.layout.path}`
}

/**
 * The manifest the image input names: its digest, else its tag resolved and logged as
 * "tag → digest" (registries and layouts alike); undefined when it names neither.
 */
export async function resolveImage(
  config: Config,
  store: Store,
  ctx: CommandContext,
): Promise<Descriptor | undefined> {
  const { tag, digest } = selectorOf(config.image)
  const reference = digest ?? tag
  if (reference === undefined) return undefined
  const found = await store.headManifest(reference)
  if (!found) {
    throw new ReleaseError('NOT_FOUND', `${describeTarget(config)}: ${reference} does not exist`, {
      hint: digest
        ? 'check the digest and the image it belongs to'
        : `check the tag; ${describeTarget(config)} has no tag ${tag}`,
    })
  }
  if (digest !== undefined && found.digest !== digest) {
    throw new ReleaseError(
      'DIGEST_MISMATCH',
      `${describeTarget(config)}@${digest} answered ${found.digest}`,
    )
  }
  if (digest === undefined) ctx.logger.info(`${describeTarget(config)}:${tag} → ${found.digest}`)
  return found
}
