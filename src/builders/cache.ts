import { formatReference, parseReference, type ImageTarget } from '../oci/reference.js'
import type { BuildCache } from './builder.js'

/** The `cache` input as config.ts parses it. */
export type BuildCacheSetting =
  { kind: 'registry' } | { kind: 'none' } | { kind: 'ref'; ref: string }

export const CACHE_TAG = 'buildcache'

/**
 * Where a Dockerfile build keeps its cached steps. `registry` means `<image>:buildcache` for
 * BuildKit and the repository `<image>/buildcache` for buildah (which tags every cached step, so
 * a repository of its own keeps the image's tags clean), next to the image, so the credentials
 * that push the image push the cache too. A named reference is used as given (buildah takes its
 * repository). A layout target has no registry: the build then runs without a remote cache and
 * says why.
 */
export function resolveBuildCache(
  setting: BuildCacheSetting,
  image: ImageTarget,
  options: { write: boolean; env: NodeJS.ProcessEnv },
): BuildCache {
  if (setting.kind === 'none') return { kind: 'none', why: 'cache: none was asked for' }
  // The Actions cache service: ACTIONS_CACHE_URL (v1) or ACTIONS_RESULTS_URL (v2).
  const gha = Boolean(options.env.ACTIONS_CACHE_URL || options.env.ACTIONS_RESULTS_URL)
  const { write } = options
  if (setting.kind === 'ref') {
    const ref = parseReference(setting.ref, 'cache')
    const repository = formatReference({ ...ref, tag: undefined, digest: undefined })
    const tagged = formatReference({ ...ref, tag: ref.tag ?? CACHE_TAG, digest: undefined })
    return { kind: 'registry', ref: tagged, repository, write, gha }
  }
  if (image.kind === 'layout') {
    return {
      kind: 'none',
      why: 'the image is an OCI layout (oci:PATH), which has no registry to keep a build cache in; name one with the cache input',
    }
  }
  const repository = formatReference({ ...image.ref, tag: undefined, digest: undefined })
  return {
    kind: 'registry',
    ref: `${repository}:${CACHE_TAG}`,
    repository: `${repository}/${CACHE_TAG}`,
    write,
    gha,
  }
}

/**
 * `docker buildx build` cache flags: BuildKit's registry cache at `ref` (mode=max, so every
 * stage's steps are kept, not only the final image's), and the Actions cache when it is there.
 */
export function dockerCacheArgs(cache: BuildCache | undefined): string[] {
  if (cache?.kind !== 'registry') return []
  const args = ['--cache-from', `type=registry,ref=${cache.ref}`]
  if (cache.write) args.push('--cache-to', `type=registry,ref=${cache.ref},mode=max`)
  if (cache.gha) {
    args.push('--cache-from', 'type=gha')
    if (cache.write) args.push('--cache-to', 'type=gha,mode=max')
  }
  return args
}
