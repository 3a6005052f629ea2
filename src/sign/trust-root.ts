/**
 * Sigstore trust material (trusted_root.json: Fulcio CAs, transparency and CT logs, timestamp
 * authorities) from each instance's TUF repository, as cosign and gh get it: @sigstore/tuf
 * verifies the signed metadata chain from an embedded root before a target is believed.
 * Fetched metadata is cached; without network the last verified or the embedded trusted root
 * is used, and the log says which.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { getTrustedRoot } from '@sigstore/tuf'
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' }
import { ReleaseError, UserError } from '../errors.js'
import type { SigstoreInstance } from './sigstore-instance.js'
import githubTufRoot from './trust/tuf-repo.github.com-root.json' with { type: 'json' }

/** One set of trust material and how a bundle must be witnessed under it. */
export interface TrustedRootSet {
  /** public-good, github, or the file's path. */
  name: string
  trustedRoot: unknown
  /** Public-good signatures must be in Rekor; GitHub's carry RFC 3161 timestamps instead. */
  requireTlog: boolean
}

const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot'

export type TrustSource = 'tuf' | 'cache' | 'embedded'

interface Log {
  info(message: string): void
  warning(message: string): void
}

/** Under RUNNER_TOOL_CACHE in Actions (kept between jobs on self-hosted runners), else the user's cache. */
export function trustCacheDir(env: NodeJS.ProcessEnv): string {
  const base =
    env.GITHUB_ACTIONS === 'true' && env.RUNNER_TOOL_CACHE
      ? env.RUNNER_TOOL_CACHE
      : env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache')
  return join(base, 'immutable-release', 'sigstore')
}

/** A trusted_root.json the user names (`trusted-root`, or SIGSTORE_TRUSTED_ROOT): nothing else is trusted. */
export async function trustFromFile(path: string, input: string): Promise<TrustedRootSet> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as unknown
    // The protobuf reader accepts anything; the media type says what the file claims to be.
    const mediaType = (json as { mediaType?: unknown } | null)?.mediaType
    if (typeof mediaType !== 'string' || !mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE)) {
      throw new Error(
        `its mediaType is ${JSON.stringify(mediaType)}, not ${TRUSTED_ROOT_MEDIA_TYPE}`,
      )
    }
    TrustedRoot.fromJSON(json)
  } catch (e) {
    throw new UserError('INPUT_INVALID', `cannot read a trusted root from ${path}`, {
      input,
      valid: 'the path of a Sigstore trusted_root.json',
      cause: e,
    })
  }
  const tlogs = (json as { tlogs?: unknown[] }).tlogs
  return { name: path, trustedRoot: json, requireTlog: Array.isArray(tlogs) && tlogs.length > 0 }
}

/**
 * The instance's trusted root from its TUF repository; on a network failure the cached copy of
 * the last verified one, else the embedded one (public-good only: GitHub's trusted root is not
 * shipped). Metadata that arrives but does not verify is refused, never replaced by a fallback.
 */
export async function trustFromTuf(
  instance: SigstoreInstance,
  cacheDir: string,
  log: Log,
): Promise<{ trust?: TrustedRootSet; source?: TrustSource }> {
  const dir = join(cacheDir, instance.name)
  const copy = join(dir, 'trusted_root.json')
  await mkdir(join(dir, 'tuf'), { recursive: true })
  const requireTlog = instance.name === 'public-good'
  try {
    const root = await getTrustedRoot({
      mirrorURL: instance.tufMirrorURL,
      rootPath: await firstTufRoot(instance, dir),
      cachePath: join(dir, 'tuf'),
      retry: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
      timeout: 10_000,
    })
    const json = TrustedRoot.toJSON(root)
    await writeFile(copy, JSON.stringify(json))
    log.info(`sigstore trust (${instance.name}): trusted_root.json from ${instance.tufMirrorURL}`)
    return { trust: { name: instance.name, trustedRoot: json, requireTlog }, source: 'tuf' }
  } catch (e) {
    if (!unreachable(e)) {
      throw new ReleaseError(
        'VERIFY_FAILED',
        `the ${instance.name} TUF repository ${instance.tufMirrorURL} served metadata that does not verify: ${causes(e)}`,
        {
          hint: 'the TUF metadata was altered or rolled back on its way here; nothing from it was trusted',
          cause: e,
        },
      )
    }
    const why = `cannot reach ${instance.tufMirrorURL} (${causes(e)})`
    const cached = await readFile(copy, 'utf8').then(
      (text) => JSON.parse(text) as unknown,
      () => undefined,
    )
    if (cached !== undefined) {
      log.warning(`sigstore trust (${instance.name}): ${why}; using the cached trusted root`)
      return { trust: { name: instance.name, trustedRoot: cached, requireTlog }, source: 'cache' }
    }
    const embedded = embeddedTrustedRoot(instance)
    if (embedded !== undefined) {
      log.warning(`sigstore trust (${instance.name}): ${why}; using the embedded trusted root`)
      return {
        trust: { name: instance.name, trustedRoot: embedded, requireTlog },
        source: 'embedded',
      }
    }
    log.warning(
      `sigstore trust (${instance.name}): ${why}, and no trusted root of it is cached: its signatures cannot be verified`,
    )
    return {}
  }
}

/**
 * The first TUF root to trust: the test stand-in's, GitHub's (embedded from the GitHub CLI) or
 * public-good's (shipped in @sigstore/tuf). Written as a file because the client copies a file.
 */
async function firstTufRoot(instance: SigstoreInstance, dir: string): Promise<string> {
  if (instance.tufRootPath) return instance.tufRootPath
  const path = join(dir, 'embedded-root.json')
  await writeFile(
    path,
    instance.name === 'github'
      ? JSON.stringify(githubTufRoot)
      : Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev']['root.json'], 'base64'),
  )
  return path
}

/** Public-good's trusted_root.json as @sigstore/tuf ships it; GitHub's is not shipped anywhere. */
function embeddedTrustedRoot(instance: SigstoreInstance): unknown {
  if (instance.name !== 'public-good' || instance.tufRootPath) return undefined
  const target = seeds['https://tuf-repo-cdn.sigstore.dev'].targets['trusted_root.json']
  return JSON.parse(Buffer.from(target, 'base64').toString('utf8')) as unknown
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
])

/**
 * A failure to get metadata (no route, refused, timed out, an HTTP error), as opposed to
 * metadata that arrived and failed verification. tuf-js does not export its error classes.
 */
function unreachable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur instanceof Error && depth < 8; depth++) {
    const name = cur.constructor.name
    const code = (cur as { code?: unknown }).code
    if (name === 'DownloadHTTPError' || name === 'TimeoutError' || name === 'AbortError')
      return true
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
    if (cur instanceof TypeError && cur.message === 'fetch failed') return true
    cur = cur.cause
  }
  return false
}

function causes(e: unknown): string {
  const parts: string[] = []
  for (let cur = e, depth = 0; cur instanceof Error && depth < 8; depth++) {
    if (cur.message && !parts.includes(cur.message)) parts.push(cur.message)
    cur = cur.cause
  }
  return parts.join(': ') || String(e)
}
