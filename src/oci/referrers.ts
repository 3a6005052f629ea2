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

const CONFIRMATIONS = 2
/**
 * How long after our write the entry must still be there, in units of the slowest read plus the
 * slowest write we have seen: a writer whose read came before our write lands its write at most
 * about one read and one write later, unless it is slower than any request we saw by this factor.
 */
const SETTLE_FACTOR = 3
/**
 * On a loaded machine another writer can be held up between its read and its write by the
 * scheduler as much as by the network: the worst lateness of our own timers, times this, is
 * added to the settle time.
 */
const LAG_FACTOR = 10
const MAX_ROUNDS = 60

/** Waits before the next round; resolves to how late the timer fired (scheduler lag), in ms. */
const pause = (round: number): Promise<number> => {
  const ms = 40 + Math.random() * 40 * 2 ** Math.min(round, 5)
  const due = Date.now() + ms
  return new Promise((r) => setTimeout(() => r(Math.max(0, Date.now() - due)), ms))
}

/**
 * Adds an entry to a document kept under a mutable tag (the referrers fallback index, cosign's
 * `.sig` manifest) that other processes update at the same time: read, `write` the entry added
 * to what was read (conditional on the digest read, where the store can check it), and re-read
 * until it is there. Without a conditional write (distribution 2.8 has none), a writer that read
 * before our write can still drop our entry after we have seen it, up to one read and one write
 * (and whatever the scheduler held it up) later; so the entry has to be seen in CONFIRMATIONS
 * reads, the last one a settle time after our write (SETTLE_FACTOR times the slowest read plus
 * the slowest write, plus LAG_FACTOR times the worst timer lag), and is written again whenever it
 * is missing. Returns whether this call wrote, and how many of its writes were lost or refused.
 */
export async function appendConfirmed<T>(spec: {
  what: string
  read: () => Promise<{ digest: string | null; value: T }>
  has: (value: T) => boolean | Promise<boolean>
  write: (value: T, expect: string | null) => Promise<void>
}): Promise<{ wrote: boolean; lost: number }> {
  let wrote = false
  let lost = 0
  let seen = 0
  let slowestRead = 0
  let slowestWrite = 0
  let worstLag = 0
  let writtenAt = 0
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const readAt = Date.now()
    const current = await spec.read()
    slowestRead = Math.max(slowestRead, Date.now() - readAt)
    if (await spec.has(current.value)) {
      // Already there before we wrote anything: someone else's completed write, nothing to do.
      if (!wrote) return { wrote, lost }
      const settle = SETTLE_FACTOR * (slowestRead + slowestWrite) + LAG_FACTOR * worstLag
      if (++seen >= CONFIRMATIONS && Date.now() - writtenAt >= settle) return { wrote, lost }
    } else {
      if (wrote) lost++
      seen = 0
      const writeAt = Date.now()
      try {
        await spec.write(current.value, current.digest)
        wrote = true
        writtenAt = Date.now()
      } catch (e) {
        if (!(e instanceof ReleaseError && e.code === 'TAG_CONFLICT')) throw e
        lost++
      }
      slowestWrite = Math.max(slowestWrite, Date.now() - writeAt)
    }
    worstLag = Math.max(worstLag, await pause(round))
  }
  throw new ReleaseError('REGISTRY_ERROR', `could not add to ${spec.what}: kept losing the race`, {
    hint: `other processes kept rewriting it (${lost} writes lost); run again`,
  })
}

/** Adds a referrer to the subject's fallback index, keeping what other writers add meanwhile. */
export async function addFallbackReferrer(
  store: Store,
  subject: string,
  referrer: Descriptor,
): Promise<void> {
  const tag = fallbackTag(subject)
  await appendConfirmed<ImageIndex | undefined>({
    what: `the referrers of ${subject} in tag ${tag}`,
    read: async () => {
      const fetched = await getIfPresent(store, tag)
      return { digest: fetched?.digest ?? null, value: fetched && usableIndex(fetched, subject) }
    },
    has: (index) => !!index?.manifests.some((d) => d.digest === referrer.digest),
    write: async (existing, expect) => {
      const index: ImageIndex = {
        schemaVersion: 2,
        mediaType: MediaType.OciIndex,
        manifests: [...(existing?.manifests ?? []), referrer],
      }
      await store.putManifest(Buffer.from(JSON.stringify(index)), MediaType.OciIndex, tag, {
        expect,
      })
    },
  })
}
