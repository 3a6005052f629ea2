import { ReleaseError } from '../errors.js'
import { digestHex } from './digest.js'
import { isIndexType, MediaType } from './media-types.js'
import type { FetchedManifest, Store } from './store.js'
import type { Descriptor, ImageIndex, Manifest } from './types.js'

/** distribution-spec's fallback tag for a subject: `<alg>-<hex>`, truncated as the spec says. */
export function fallbackTag(digest: string): string {
  const [alg, hex] = [digest.split(':', 1)[0]!, digestHex(digest)]
  return `${alg.slice(0, 32)}-${hex.slice(0, 64)}`.replace(/[^a-zA-Z0-9._-]/g, '-')
}

export function parseManifest(bytes: Buffer, what: string): Manifest {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as Manifest
    if (parsed.schemaVersion !== 2)
      throw new Error(`schemaVersion is ${String(parsed.schemaVersion)}, not 2`)
    return parsed
  } catch (e) {
    throw new ReleaseError('MANIFEST_INVALID', `${what} is not a valid manifest`, { cause: e })
  }
}

/** The referrers-API descriptor of a manifest that has a subject (image-spec, distribution-spec §referrers). */
export function referrerDescriptor(bytes: Buffer, mediaType: string, digest: string): Descriptor {
  const m = parseManifest(bytes, `manifest ${digest}`)
  const artifactType = m.artifactType ?? ('config' in m ? m.config.mediaType : undefined)
  return {
    mediaType,
    digest,
    size: bytes.length,
    ...(artifactType ? { artifactType } : {}),
    ...(m.annotations && Object.keys(m.annotations).length ? { annotations: m.annotations } : {}),
  }
}

export function subjectOf(bytes: Buffer): Descriptor | undefined {
  try {
    return (JSON.parse(bytes.toString('utf8')) as Manifest).subject
  } catch {
    return undefined
  }
}

/** A fallback index is only usable when it is an index and not the subject itself (GitLab resolves the tag to it). */
function usableIndex(fetched: FetchedManifest, subject: string): ImageIndex | undefined {
  if (fetched.digest === subject || !isIndexType(fetched.mediaType)) return undefined
  try {
    const parsed = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex
    return Array.isArray(parsed.manifests) ? parsed : undefined
  } catch {
    return undefined
  }
}

async function getIfPresent(store: Store, reference: string): Promise<FetchedManifest | undefined> {
  try {
    return await store.getManifest(reference)
  } catch (e) {
    if (e instanceof ReleaseError && e.code === 'NOT_FOUND') return undefined
    throw e
  }
}

export async function readFallbackReferrers(
  store: Store,
  subject: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  const fetched = await getIfPresent(store, fallbackTag(subject))
  const index = fetched && usableIndex(fetched, subject)
  const all = index?.manifests ?? []
  return artifactType ? all.filter((d) => d.artifactType === artifactType) : all
}

/**
 * Adds a referrer to the subject's fallback index. Another writer may replace the index between
 * our read and write, so the result is read back and the entry re-applied until it sticks.
 */
export async function addFallbackReferrer(
  store: Store,
  subject: string,
  referrer: Descriptor,
): Promise<void> {
  const tag = fallbackTag(subject)
  for (let attempt = 0; attempt < 5; attempt++) {
    const fetched = await getIfPresent(store, tag)
    const existing = (fetched && usableIndex(fetched, subject)) || undefined
    if (existing?.manifests.some((d) => d.digest === referrer.digest)) return
    const index: ImageIndex = {
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: [...(existing?.manifests ?? []), referrer],
    }
    await store.putManifest(Buffer.from(JSON.stringify(index)), MediaType.OciIndex, tag)
    await new Promise((r) => setTimeout(r, 20 * attempt))
  }
  const after = await readFallbackReferrers(store, subject)
  if (!after.some((d) => d.digest === referrer.digest)) {
    throw new ReleaseError(
      'REGISTRY_ERROR',
      `could not record referrer ${referrer.digest} of ${subject} in tag ${tag}`,
      {
        hint: 'another process kept rewriting the referrers fallback tag; run again',
      },
    )
  }
}
