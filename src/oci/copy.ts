import { isIndexType } from './media-types.js'
import { parseManifest } from './referrers.js'
import type { FetchedManifest, PutBlobResult, Store } from './store.js'
import type { Descriptor, ImageIndex, ImageManifest } from './types.js'

export interface CopyOptions {
  /** Tags to point at the copied root, written after everything else. */
  tags?: string[]
  /** Blob uploads under way at once. */
  concurrency?: number
  onBlob?: (digest: string, result: PutBlobResult, size: number) => void
  /**
   * Where blobs that `src` lacks live (a build's base image): copied from there, and mounted
   * when it is another repository of the destination's registry.
   */
  fallback?: Store
}

export interface CopyStats {
  blobs: Record<PutBlobResult, number>
  bytesUploaded: number
  manifests: number
}

export interface CopyResult {
  descriptor: Descriptor
  stats: CopyStats
}

/**
 * Runs `work` over `items` with at most `limit` in flight. After a failure no new item starts,
 * and the call settles only when the ones under way have, so nothing runs on after it returns.
 */
export async function mapLimit<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure) throw failure.error
}

interface Graph {
  /** Manifests in the order they must be written: children before the index that lists them. */
  manifests: FetchedManifest[]
  blobs: Map<string, Descriptor>
}

async function walk(
  src: Store,
  root: FetchedManifest,
  graph: Graph,
  seen: Set<string>,
): Promise<void> {
  if (seen.has(root.digest)) return
  seen.add(root.digest)
  const m = parseManifest(root.bytes, `manifest ${root.digest} in ${src.description}`)
  if (isIndexType(root.mediaType) || 'manifests' in m) {
    for (const child of (m as ImageIndex).manifests) {
      await walk(src, await src.getManifest(child.digest), graph, seen)
    }
  } else {
    const image = m as ImageManifest
    for (const blob of [image.config, ...image.layers]) {
      // Foreign layers live elsewhere by design; registries refuse nothing for lacking them.
      if (blob.urls?.length && /nondistributable|foreign/.test(blob.mediaType)) continue
      graph.blobs.set(blob.digest, blob)
    }
  }
  graph.manifests.push(root)
}

/**
 * Points each tag at `image` unless it already points there; returns the tags written. The
 * manifest bytes are fetched once, and only when some tag needs them.
 */
export async function pointTags(
  store: Store,
  tags: readonly string[],
  image: { digest: string; bytes?: Buffer; mediaType?: string },
): Promise<string[]> {
  let manifest: FetchedManifest | undefined =
    image.bytes && image.mediaType
      ? { bytes: image.bytes, mediaType: image.mediaType, digest: image.digest }
      : undefined
  const written: string[] = []
  for (const tag of tags) {
    if ((await store.headManifest(tag))?.digest === image.digest) continue
    manifest ??= await store.getManifest(image.digest)
    await store.putManifest(manifest.bytes, manifest.mediaType, tag)
    written.push(tag)
  }
  return written
}

function mountSource(from: Store, to: Store): string | undefined {
  const sameRegistry = from.registry !== undefined && from.registry === to.registry
  return sameRegistry && from.repository !== to.repository ? from.repository : undefined
}

/**
 * Copies the image (manifest or index, with every platform) that `reference` names in `src` to
 * `dst`, byte for byte: blobs first (concurrently, mounted when both are repositories of one
 * registry), then manifests by digest, children first, and the tags very last, so that a reader
 * never finds a tag pointing at something incomplete.
 */
export async function copyImage(
  src: Store,
  dst: Store,
  reference: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const root = await src.getManifest(reference)
  const graph: Graph = { manifests: [], blobs: new Map() }
  await walk(src, root, graph, new Set())

  const stats: CopyStats = {
    blobs: { exists: 0, mounted: 0, uploaded: 0 },
    bytesUploaded: 0,
    manifests: 0,
  }
  const fallback = options.fallback
  await mapLimit([...graph.blobs.values()], options.concurrency ?? 4, async (blob) => {
    const from = fallback && !(await src.hasBlob(blob.digest)) ? fallback : src
    const result = await dst.putBlob(from.blobSource(blob), { mountFrom: mountSource(from, dst) })
    stats.blobs[result]++
    if (result === 'uploaded') stats.bytesUploaded += blob.size
    options.onBlob?.(blob.digest, result, blob.size)
  })

  for (const m of graph.manifests) {
    if (!(await dst.headManifest(m.digest))) {
      await dst.putManifest(m.bytes, m.mediaType)
      stats.manifests++
    }
  }
  await pointTags(dst, options.tags ?? [], root)
  return {
    descriptor: { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length },
    stats,
  }
}
