import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ReleaseError, UserError } from '../errors.js'
import { bufferSource, READ_CHUNK } from './blob-source.js'
import { checkContent, digestHex, sha256, VerifyingStream } from './digest.js'
import { MediaType, REF_NAME_ANNOTATION } from './media-types.js'
import {
  addFallbackReferrer,
  readFallbackReferrers,
  referrerDescriptor,
  subjectOf,
} from './referrers.js'
import type {
  BlobSource,
  FetchedManifest,
  PutBlobResult,
  PutManifestOptions,
  Store,
} from './store.js'
import type { Descriptor, ImageIndex } from './types.js'

const LOCK_WAIT_MS = 30_000
const LOCK_STALE_MS = 60_000
/**
 * A holder writes its pid right after creating the lock, so a lock seen empty or unreadable on
 * this many polls in a row (5 + 10 + 20 + 40 + 80 ms of backoff) was left by a crash.
 */
const CORRUPT_LOCK_POLLS = 5
/** `<target>.<pid>.<8 hex>.tmp`, as atomicWrite and putBlob name their temp files. */
const TEMP_FILE_RE = /\.(\d+)\.[0-9a-f]{8}\.tmp$/
/** What a layout folder holds while another process is creating it. */
const LAYOUT_ENTRY_RE = /^(blobs|oci-layout|index\.json(\.lock(\.break)?)?|.*\.tmp)$/

/**
 * An OCI image layout folder (image-spec image-layout.md) used as one repository: tags are the
 * `org.opencontainers.image.ref.name` annotations of `index.json`. Every write lands in a temp
 * file and is renamed into place; `index.json` changes only under a lock file, so two processes
 * writing the same folder cannot lose each other's tags.
 */
export class LayoutStore implements Store {
  readonly description: string
  readonly registry = undefined
  readonly repository = undefined

  /** Whether this store has swept dead writers' temp files yet: once, at the first lock. */
  private swept = false

  private constructor(readonly root: string) {
    this.description = `layout ${root}`
  }

  /**
   * Set while a layout opened with `create` has not been written to: reads see an empty layout,
   * and the folder is made by the first write, so a run refused after opening leaves nothing.
   */
  private unborn: Promise<void> | undefined | 'pending'

  /** Opens a layout; when `create` and the folder has none, the first write makes an empty one. */
  static async open(root: string, options: { create?: boolean } = {}): Promise<LayoutStore> {
    const store = new LayoutStore(root)
    let marker: string | undefined
    try {
      marker = await readFile(join(root, 'oci-layout'), 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
    if (marker === undefined) {
      if (!options.create) {
        throw new ReleaseError(
          'LAYOUT_INVALID',
          `${root} is not an OCI image layout (no oci-layout file)`,
          {
            hint: 'name a folder written by this tool, skopeo copy oci:, buildah push oci:, or umoci',
          },
        )
      }
      await checkCreatable(root)
      store.unborn = 'pending'
      return store
    }
    let version: unknown
    try {
      version = (JSON.parse(marker) as { imageLayoutVersion?: unknown }).imageLayoutVersion
    } catch (e) {
      throw new ReleaseError('LAYOUT_INVALID', `${root}/oci-layout is not JSON`, { cause: e })
    }
    if (version !== '1.0.0') {
      throw new ReleaseError(
        'LAYOUT_INVALID',
        `${root} has imageLayoutVersion ${String(version)}, expected 1.0.0`,
      )
    }
    await mkdir(join(root, 'blobs', 'sha256'), { recursive: true })
    return store
  }

  private blobPath(digest: string): string {
    const [alg] = digest.split(':', 1)
    return join(this.root, 'blobs', alg!, digestHex(digest))
  }

  /**
   * Writes a whole file so that readers see the old or the new content, never a part. With
   * `onlyIfAbsent`, a file another process created first is kept: link() fails atomically when the
   * target exists, where a check followed by rename() could replace a file written in between.
   */
  private async atomicWrite(
    name: string,
    content: string | Buffer,
    onlyIfAbsent = false,
  ): Promise<void> {
    const target = join(this.root, name)
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    await writeFile(tmp, content, { flag: 'wx' })
    try {
      if (!onlyIfAbsent) {
        await rename(tmp, target)
        return
      }
      await link(tmp, target).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e
      })
    } finally {
      await rm(tmp, { force: true })
    }
  }

  /** Makes the empty layout an unborn store stands for, once, before its first write. */
  private async born(): Promise<void> {
    if (this.unborn === undefined) return
    if (this.unborn === 'pending') {
      // open() has checked the folder; another writer making the same layout meanwhile is fine.
      this.unborn = (async () => {
        await mkdir(join(this.root, 'blobs', 'sha256'), { recursive: true })
        const empty = { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] }
        await this.atomicWrite('index.json', JSON.stringify(empty), true)
        await this.atomicWrite('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }), true)
      })()
    }
    await this.unborn
  }

  async hasBlob(digest: string): Promise<boolean> {
    try {
      await stat(this.blobPath(digest))
      return true
    } catch {
      return false
    }
  }

  private notFound(what: string, e?: unknown): ReleaseError {
    return new ReleaseError('NOT_FOUND', `${what} not found in ${this.description}`, { cause: e })
  }

  async openBlob(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    if (!(await this.hasBlob(desc.digest))) throw this.notFound(`blob ${desc.digest}`)
    return createReadStream(this.blobPath(desc.digest), { highWaterMark: READ_CHUNK }).pipe(
      new VerifyingStream(desc, `blob ${desc.digest} in ${this.description}`),
    )
  }

  async readBlob(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Buffer> {
    let bytes: Buffer
    try {
      bytes = await readFile(this.blobPath(desc.digest))
    } catch (e) {
      throw this.notFound(`blob ${desc.digest}`, e)
    }
    checkContent(bytes, desc, `blob ${desc.digest} in ${this.description}`)
    return bytes
  }

  blobSource(desc: Pick<Descriptor, 'digest' | 'size'>): BlobSource {
    const path = this.blobPath(desc.digest)
    return {
      digest: desc.digest,
      size: desc.size,
      open: async (start = 0, end = desc.size) => {
        if (start === 0 && end === desc.size) return this.openBlob(desc)
        return createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK })
      },
    }
  }

  async putBlob(source: BlobSource): Promise<PutBlobResult> {
    if (await this.hasBlob(source.digest)) return 'exists'
    await this.born()
    const target = this.blobPath(source.digest)
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    const hash = createHash('sha256')
    let size = 0
    try {
      const input = await source.open()
      input.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        size += chunk.length
      })
      await pipeline(input, createWriteStream(tmp, { flags: 'wx' }))
      const digest = `sha256:${hash.digest('hex')}`
      if (digest !== source.digest || size !== source.size) {
        throw new ReleaseError(
          'DIGEST_MISMATCH',
          `blob written to ${this.description} is ${digest} (${size} bytes), expected ${source.digest} (${source.size} bytes)`,
        )
      }
      await rename(tmp, target)
    } finally {
      await rm(tmp, { force: true })
    }
    return 'uploaded'
  }

  /**
   * Moves a file whose digest the caller computed while writing it (a freshly built layer) into
   * the blob store, instead of copying it: the file must be in this layout's folder tree.
   */
  async adoptBlob(path: string, expected: { digest: string; size: number }): Promise<void> {
    await this.born()
    const actual = (await stat(path)).size
    if (actual !== expected.size) {
      throw new ReleaseError(
        'SIZE_MISMATCH',
        `${path} has ${actual} bytes, expected ${expected.size}`,
      )
    }
    if (await this.hasBlob(expected.digest)) await rm(path, { force: true })
    else await rename(path, this.blobPath(expected.digest))
  }

  private async readIndex(): Promise<ImageIndex> {
    let text: string
    try {
      text = await readFile(join(this.root, 'index.json'), 'utf8')
    } catch (e) {
      if (this.unborn === 'pending') return { schemaVersion: 2, manifests: [] }
      throw new ReleaseError('LAYOUT_INVALID', `${this.root} has no index.json`, { cause: e })
    }
    try {
      const index = JSON.parse(text) as ImageIndex
      if (!Array.isArray(index.manifests)) throw new Error('manifests is not an array')
      return index
    } catch (e) {
      throw new ReleaseError(
        'LAYOUT_INVALID',
        `${this.root}/index.json is not a valid image index`,
        { cause: e },
      )
    }
  }

  private async resolve(reference: string): Promise<Descriptor | undefined> {
    const index = await this.readIndex()
    if (reference.includes(':')) {
      const listed = index.manifests.find((d) => d.digest === reference)
      if (listed) return listed
      if (!(await this.hasBlob(reference))) return undefined
      const bytes = await readFile(this.blobPath(reference))
      const inner = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType
      return { mediaType: inner ?? MediaType.OciManifest, digest: reference, size: bytes.length }
    }
    // The newest entry wins when a folder written by another tool lists a tag twice.
    return [...index.manifests]
      .reverse()
      .find((d) => d.annotations?.[REF_NAME_ANNOTATION] === reference)
  }

  async headManifest(reference: string): Promise<Descriptor | undefined> {
    const d = await this.resolve(reference)
    return d && { mediaType: d.mediaType, digest: d.digest, size: d.size }
  }

  async getManifest(reference: string): Promise<FetchedManifest> {
    const d = await this.resolve(reference)
    if (!d) throw this.notFound(`manifest ${reference}`)
    const bytes = await this.readBlob(d)
    return { bytes, mediaType: d.mediaType, digest: d.digest }
  }

  async putManifest(
    bytes: Buffer,
    mediaType: string,
    tag?: string,
    options: PutManifestOptions = {},
  ): Promise<Descriptor> {
    const digest = sha256(bytes)
    const desc: Descriptor = { mediaType, digest, size: bytes.length }
    if (!(await this.hasBlob(digest))) {
      await this.putBlob(bufferSource(bytes))
    }
    if (tag) {
      await this.withIndexLock(async (index) => {
        if (options.expect !== undefined) {
          const now = index.manifests.find((d) => d.annotations?.[REF_NAME_ANNOTATION] === tag)
          if ((now?.digest ?? null) !== options.expect) {
            throw new ReleaseError(
              'TAG_CONFLICT',
              `${this.description}: tag ${tag} changed while it was being updated`,
            )
          }
        }
        index.manifests = index.manifests.filter(
          (d) => d.annotations?.[REF_NAME_ANNOTATION] !== tag,
        )
        index.manifests.push({ ...desc, annotations: { [REF_NAME_ANNOTATION]: tag } })
      })
    }
    const subject = subjectOf(bytes)
    if (subject)
      await addFallbackReferrer(this, subject.digest, referrerDescriptor(bytes, mediaType, digest))
    return desc
  }

  async listTags(): Promise<string[]> {
    const index = await this.readIndex()
    const tags = index.manifests
      .map((d) => d.annotations?.[REF_NAME_ANNOTATION])
      .filter((t): t is string => !!t)
    return [...new Set(tags)]
  }

  async referrers(digest: string, artifactType?: string): Promise<Descriptor[]> {
    return readFallbackReferrers(this, digest, artifactType)
  }

  /** Read-modify-write of index.json under an exclusive lock file; a dead holder's lock is broken. */
  private async withIndexLock(change: (index: ImageIndex) => Promise<void> | void): Promise<void> {
    await this.born()
    const lock = join(this.root, 'index.json.lock')
    const started = Date.now()
    let corruptPolls = 0
    let lastCorrupt: string | undefined
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      try {
        const handle = await open(lock, 'wx')
        await handle.writeFile(`${process.pid} ${Date.now()}`)
        await handle.close()
        break
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
        const seen = await this.lockState(lock)
        if (seen.state === 'corrupt') {
          corruptPolls = seen.text === lastCorrupt ? corruptPolls + 1 : 1
          lastCorrupt = seen.text
        } else {
          corruptPolls = 0
          lastCorrupt = undefined
        }
        if (seen.state === 'stale' || corruptPolls >= CORRUPT_LOCK_POLLS) {
          await breakLock(lock, seen.text!)
          corruptPolls = 0
          continue
        }
        if (Date.now() - started > LOCK_WAIT_MS) {
          throw new ReleaseError(
            'LAYOUT_LOCKED',
            `${lock} has been held for over ${LOCK_WAIT_MS / 1000} s`,
            {
              hint: 'another process is writing this layout; if none is, remove the lock file',
            },
          )
        }
        await new Promise((r) => setTimeout(r, wait + Math.random() * wait))
      }
    }
    try {
      if (!this.swept) await this.sweepTempFiles()
      const index = await this.readIndex()
      await change(index)
      await this.atomicWrite('index.json', JSON.stringify(index))
    } finally {
      await rm(lock, { force: true })
    }
  }

  /**
   * `stale`: its holder is gone (dead pid, or too old); `corrupt`: empty or unreadable, which a
   * live holder leaves only for the moment between creating and writing it; `live` otherwise.
   */
  private async lockState(
    lock: string,
  ): Promise<{ state: 'stale' | 'corrupt' | 'live'; text?: string }> {
    let text: string
    try {
      text = await readFile(lock, 'utf8')
    } catch {
      return { state: 'live' } // gone meanwhile: the next open takes it
    }
    const [pid, time] = text.split(' ').map(Number)
    if (!pid || !time) return { state: 'corrupt', text }
    if (Date.now() - time > LOCK_STALE_MS) return { state: 'stale', text }
    return { state: isAlive(pid) ? 'live' : 'stale', text }
  }

  /**
   * Removes the temp files of writers that died between writing and renaming, so a killed run
   * leaves no `.tmp` files behind for long. Called under the lock; a live writer's files stay.
   */
  private async sweepTempFiles(): Promise<void> {
    this.swept = true
    for (const dir of [this.root, join(this.root, 'blobs', 'sha256')]) {
      const names = await readdir(dir).catch(() => [] as string[])
      for (const name of names) {
        const pid = Number(TEMP_FILE_RE.exec(name)?.[1])
        if (pid && !isAlive(pid)) await rm(join(dir, name), { force: true })
      }
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/**
 * A layout is created only in a new or empty folder (or one another process is making a layout
 * in right now): `image: oci:.` in a source folder must not scatter blobs/ and index.json there.
 */
async function checkCreatable(root: string): Promise<void> {
  const entries = await readdir(root).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[]
    throw e
  })
  const foreign = entries.filter((name) => !LAYOUT_ENTRY_RE.test(name))
  if (foreign.length === 0) return
  const shown = foreign
    .slice(0, 3)
    .map((n) => JSON.stringify(n))
    .join(', ')
  throw new UserError(
    'LAYOUT_INVALID',
    `${root} is not an OCI image layout (no oci-layout file) and not empty: it holds ${shown}${foreign.length > 3 ? ', ...' : ''}`,
    {
      input: 'image',
      valid: 'oci:PATH naming an existing OCI image layout, or a new or empty folder',
      hint: 'nothing was written; name another folder, e.g. oci:./out/image',
    },
  )
}

/**
 * Removes a stale lock only if it still holds what was judged stale. Without the guard, two
 * processes that both saw the dead holder's lock could each delete it, the second one removing
 * the fresh lock the first had just taken. The guard's own critical section is a read and an
 * unlink, so a guard older than a few seconds can only be left by a crash.
 */
async function breakLock(lock: string, stale: string): Promise<void> {
  const guard = `${lock}.break`
  try {
    await (await open(guard, 'wx')).close()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    const s = await stat(guard).catch(() => undefined)
    if (s && Date.now() - s.mtimeMs > 5_000) await rm(guard, { force: true })
    return
  }
  try {
    const now = await readFile(lock, 'utf8').catch(() => undefined)
    if (now === stale) await rm(lock, { force: true })
  } finally {
    await rm(guard, { force: true })
  }
}
