import type { Readable } from 'node:stream'
import type { Descriptor } from './types.js'

/** A blob's bytes, re-openable from any offset so that an interrupted upload can resume or restart. */
export interface BlobSource {
  readonly digest: string
  readonly size: number
  /** Bytes [start, end) of the blob; the whole blob by default. */
  open(start?: number, end?: number): Promise<Readable>
}

export interface FetchedManifest {
  bytes: Buffer
  mediaType: string
  digest: string
}

/** A compare-and-swap on the tag being written (the referrers fallback index, a `.sig` tag). */
export interface PutManifestOptions {
  /**
   * The digest the tag must hold now, or null when it must not exist yet. A store that can check
   * it (a layout; a registry that honours If-Match) throws TAG_CONFLICT when it does not hold.
   */
  expect?: string | null
}

export type PutBlobResult = 'exists' | 'mounted' | 'uploaded'

export interface PutBlobOptions {
  /** Another repository on the same registry that holds the blob: mount instead of upload. */
  mountFrom?: string
}

/**
 * One repository of images: a repository in a registry, or an OCI image layout folder. Both
 * implementations behave the same; every read is checked against its digest.
 */
export interface Store {
  /** For messages: `registry 127.0.0.1:5000/demo/app` or `layout ./out/app`. */
  readonly description: string
  /** Registry host (as in references) for registry stores; undefined for layouts. */
  readonly registry?: string
  readonly repository?: string

  hasBlob(digest: string): Promise<boolean>
  /** A stream that fails at its end when the content does not match the descriptor. */
  openBlob(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable>
  /** A small blob (config, JSON artifact), read whole and verified. */
  readBlob(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Buffer>
  /** A source for copying this store's blob to another store. */
  blobSource(desc: Pick<Descriptor, 'digest' | 'size'>): BlobSource
  putBlob(source: BlobSource, options?: PutBlobOptions): Promise<PutBlobResult>

  /** The manifest's descriptor, or undefined when the tag or digest is unknown. */
  headManifest(reference: string): Promise<Descriptor | undefined>
  /** Fetches by tag or digest; throws NOT_FOUND when absent. */
  getManifest(reference: string): Promise<FetchedManifest>
  /**
   * Stores the exact bytes under their digest, and under `tag` when given. A manifest with a
   * `subject` is also made findable through `referrers()` of that subject.
   */
  putManifest(
    bytes: Buffer,
    mediaType: string,
    tag?: string,
    options?: PutManifestOptions,
  ): Promise<Descriptor>

  listTags(): Promise<string[]>
  /** Manifests whose subject is `digest` (referrers API, or the fallback tag scheme). */
  referrers(digest: string, artifactType?: string): Promise<Descriptor[]>
}
