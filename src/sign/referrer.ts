import { bufferSource } from '../oci/blob-source.js'
import { EMPTY_JSON, MediaType } from '../oci/media-types.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageManifest } from '../oci/types.js'

export interface Artifact {
  artifactType: string
  /** The artifact's one layer. */
  blob: Buffer
  blobMediaType: string
  annotations?: Record<string, string>
}

/**
 * Stores an artifact as an OCI 1.1 referrer of `subject` (empty config, one layer), as cosign v3
 * and actions/attest store bundles. The store keeps the fallback tag when the registry has no
 * referrers API. Returns the artifact manifest's descriptor.
 */
export async function putReferrer(
  store: Store,
  subject: Descriptor,
  artifact: Artifact,
): Promise<Descriptor> {
  const layer = bufferSource(artifact.blob)
  await store.putBlob(bufferSource(Buffer.from('{}')))
  await store.putBlob(layer)
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType: artifact.artifactType,
    config: { mediaType: EMPTY_JSON.mediaType, digest: EMPTY_JSON.digest, size: EMPTY_JSON.size },
    layers: [{ mediaType: artifact.blobMediaType, digest: layer.digest, size: layer.size }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    ...(artifact.annotations && Object.keys(artifact.annotations).length
      ? { annotations: artifact.annotations }
      : {}),
  }
  return store.putManifest(Buffer.from(JSON.stringify(manifest)), MediaType.OciManifest)
}

export interface Referrer {
  descriptor: Descriptor
  manifest: ImageManifest
  blob: Buffer
}

/**
 * Every referrer of `subject` of these artifact types (all when none is named), read in one go:
 * one referrers (or fallback tag) read, then each manifest and its layer concurrently.
 */
export async function readAllReferrers(
  store: Store,
  subject: string,
  artifactTypes?: string[],
): Promise<Referrer[]> {
  const listed = await store.referrers(
    subject,
    artifactTypes?.length === 1 ? artifactTypes[0] : undefined,
  )
  const wanted = listed.filter(
    (d) => !artifactTypes || artifactTypes.includes(d.artifactType ?? ''),
  )
  const read = await Promise.all(
    wanted.map(async (d): Promise<Referrer | undefined> => {
      const fetched = await store.getManifest(d.digest)
      const manifest = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest
      const layer = manifest.layers[0]
      if (!layer || manifest.subject?.digest !== subject) return undefined
      return { descriptor: d, manifest, blob: await store.readBlob(layer) }
    }),
  )
  return read.filter((r): r is Referrer => r !== undefined)
}

/** The layer of every referrer of `subject` with this artifact type, newest writes included. */
export async function readReferrers(
  store: Store,
  subject: string,
  artifactType: string,
): Promise<Referrer[]> {
  return readAllReferrers(store, subject, [artifactType])
}
