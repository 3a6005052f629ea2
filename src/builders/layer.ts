import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open, readFile, rm, type FileHandle } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
import { ReleaseError } from '../errors.js'
import type { LayerEntry } from './context.js'

export interface LayerResult {
  /** sha256 of the gzip bytes (the manifest's layer digest), `sha256:<hex>`. */
  digest: string
  /** sha256 of the tar bytes (the config's diff_id), `sha256:<hex>`. */
  diffId: string
  /** Size of the gzip file. */
  size: number
  /** The .tar.gz file written. */
  path: string
}

export interface LayerOptions {
  /** Seconds since the epoch, given to every entry (and to PAX headers). */
  mtime: number
  outFile: string
  /** gzip level, default 6 (what `gzip` and most image builders use). */
  level?: number
  /** Pieces compressed at once; the output is the same for any value. Default: the cores, up to 8. */
  parallel?: number
  /** Called after each file is in the archive, with its size: for progress. */
  onFile?: (size: number) => void
}

const BLOCK = 512
/**
 * The tar is compressed in pieces of exactly this size, each primed with the 32 KiB before it and
 * ended with a sync flush (as pigz does), so the cores share the work. The gzip bytes depend on
 * this size, never on how many pieces run at once: changing it changes every layer digest.
 */
export const PIECE = 1 << 20
const WINDOW = 32 * 1024
/** An empty final deflate block (fixed Huffman): what ends a stream of sync-flushed pieces. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00])
const MAX_OCTAL_11 = 0o77777777777

/**
 * RFC 1952 header with every variable byte pinned: MTIME 0, XFL 0, OS 255 ("unknown"). zlib's
 * own gzip wrapper writes OS 3/10/19 depending on the platform Node was built for, which would
 * give the same tar a different layer digest on macOS or Windows.
 */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])

/**
 * Writes `entries` (sorted, from collectContext) as a gzip-compressed tar. The archive is
 * byte-for-byte a function of the entries' paths, types, modes, link targets and file contents,
 * and of `mtime`: owners are 0/0 with empty names, and no PAX time records are written.
 *
 * The archive ends with the two zero blocks and is not padded to GNU tar's 10240-byte record:
 * readers do not need the padding, and Go's archive/tar (BuildKit, ggcr, containerd) does not
 * write it either, so layers here look like theirs.
 */
export async function writeLayer(
  entries: LayerEntry[],
  options: LayerOptions,
): Promise<LayerResult> {
  const { mtime, outFile } = options
  if (!Number.isSafeInteger(mtime) || mtime < 0 || mtime > MAX_OCTAL_11) {
    throw new ReleaseError('INTERNAL', `layer mtime ${mtime} is not whole seconds in tar's range`)
  }

  const level = options.level ?? 6
  const tarHash = createHash('sha256')
  const gzHash = createHash('sha256')
  let crc = 0
  let tarLength = 0
  let gzLength = 0

  const out = createWriteStream(outFile)
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => undefined)
  const frame = async (bytes: Buffer): Promise<void> => {
    gzHash.update(bytes)
    gzLength += bytes.length
    if (!out.write(bytes)) await Promise.race([once(out, 'drain'), failed])
  }

  const parallel = Math.max(1, options.parallel ?? Math.min(availableParallelism(), 8))
  const pool = new BufferPool(parallel + 2, PIECE)
  // Pieces compress side by side on the thread pool; their output is written strictly in order.
  let ordered: Promise<void> = frame(GZIP_HEADER)
  let dictionary: Buffer | undefined
  const tar = new TarWriter(pool, (buffer, length) => {
    const bytes = buffer.subarray(0, length)
    tarHash.update(bytes)
    crc = crc32(bytes, crc)
    tarLength += length
    const compressed = deflatePiece(bytes, level, dictionary).finally(() => pool.release(buffer))
    compressed.catch(() => undefined)
    // Copied: the buffer goes back to the pool while later pieces still need its end.
    dictionary = Buffer.from(bytes.subarray(Math.max(0, length - WINDOW)))
    ordered = ordered.then(async () => frame(await compressed))
    // A failed piece or sink must wake a writer waiting for a buffer, or it would wait forever.
    ordered.catch((e: unknown) => pool.fail(e))
  })

  try {
    const ahead = new ReadAhead(entries)
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as LayerEntry
      await tar.addEntry(entry, mtime, ahead.take(i))
      if (entry.type === 'file') options.onFile?.(entry.size)
    }
    await tar.end()
    await ordered
    const trailer = Buffer.alloc(8)
    trailer.writeUInt32LE(crc >>> 0, 0)
    trailer.writeUInt32LE(tarLength % 2 ** 32, 4)
    await frame(Buffer.concat([FINAL_BLOCK, trailer]))
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject)
      out.end(resolve)
    })
  } catch (e) {
    out.destroy()
    await rm(outFile, { force: true })
    throw e
  }

  return {
    digest: `sha256:${gzHash.digest('hex')}`,
    diffId: `sha256:${tarHash.digest('hex')}`,
    size: gzLength,
    path: outFile,
  }
}

const deflateRaw = promisify(zlib.deflateRaw) as (
  data: Buffer,
  options: zlib.ZlibOptions,
) => Promise<Buffer>

/** One piece of the stream, ending on a byte boundary (sync flush) so pieces concatenate. */
function deflatePiece(
  bytes: Buffer,
  level: number,
  dictionary: Buffer | undefined,
): Promise<Buffer> {
  return deflateRaw(bytes, {
    level,
    chunkSize: PIECE,
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
    ...(dictionary ? { dictionary } : {}),
  })
}

/** Fixed-size buffers handed out and returned, so a large layer costs no more memory than a small one. */
class BufferPool {
  private readonly free: Buffer[] = []
  private readonly waiting: { resolve: (b: Buffer) => void; reject: (e: unknown) => void }[] = []
  private failure: { error: unknown } | undefined

  constructor(count: number, size: number) {
    for (let i = 0; i < count; i++) this.free.push(Buffer.allocUnsafe(size))
  }

  acquire(): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure.error)
    const buffer = this.free.pop()
    if (buffer) return Promise.resolve(buffer)
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  release(buffer: Buffer): void {
    const next = this.waiting.shift()
    if (next) next.resolve(buffer)
    else this.free.push(buffer)
  }

  fail(error: unknown): void {
    this.failure = { error }
    for (const w of this.waiting.splice(0)) w.reject(error)
  }
}

/** A ustar stream writer that fills pooled buffers and hands each full one to `emit`. */
class TarWriter {
  private buffer: Buffer | undefined
  private used = 0

  constructor(
    private readonly pool: BufferPool,
    private readonly emit: (buffer: Buffer, length: number) => void,
  ) {}

  /** `content`: the file's bytes, when they were read ahead; else the file is read here. */
  async addEntry(entry: LayerEntry, mtime: number, content?: Promise<Buffer>): Promise<void> {
    await this.write(entryHeaders(entry, mtime))
    if (entry.type !== 'file') return
    if (content) {
      const bytes = await content
      if (bytes.length !== entry.size) {
        throw changed(entry, `is ${bytes.length} bytes, ${entry.size} when the context was read`)
      }
      await this.write(bytes)
      await this.zeros(padding(entry.size))
      return
    }
    if (entry.source === undefined) {
      throw new ReleaseError('INTERNAL', `layer entry '${entry.path}' has no source file`)
    }
    const file = await open(entry.source, 'r').catch((cause: unknown) => {
      throw changed(entry, 'could not be opened', cause)
    })
    try {
      await this.copyFile(file, entry)
    } finally {
      await file.close()
    }
    await this.zeros(padding(entry.size))
  }

  async end(): Promise<void> {
    await this.zeros(2 * BLOCK)
    if (this.buffer && this.used > 0) this.emit(this.buffer, this.used)
    else if (this.buffer) this.pool.release(this.buffer)
    this.buffer = undefined
  }

  private async copyFile(file: FileHandle, entry: LayerEntry): Promise<void> {
    const { size } = await file.stat()
    if (size !== entry.size) {
      throw changed(entry, `is ${size} bytes, ${entry.size} when the context was read`)
    }
    let position = 0
    while (position < size) {
      const buffer = await this.space()
      const want = Math.min(buffer.length - this.used, size - position)
      const { bytesRead } = await file.read(buffer, this.used, want, position)
      if (bytesRead === 0) {
        throw changed(entry, `ended after ${position} of ${size} bytes`)
      }
      this.used += bytesRead
      position += bytesRead
    }
  }

  private async write(bytes: Buffer): Promise<void> {
    let offset = 0
    while (offset < bytes.length) {
      const buffer = await this.space()
      const n = bytes.copy(buffer, this.used, offset)
      this.used += n
      offset += n
    }
  }

  private async zeros(count: number): Promise<void> {
    while (count > 0) {
      const buffer = await this.space()
      const n = Math.min(count, buffer.length - this.used)
      buffer.fill(0, this.used, this.used + n)
      this.used += n
      count -= n
    }
  }

  /** The current buffer with room left, emitting a full one first. */
  private async space(): Promise<Buffer> {
    if (this.buffer && this.used < this.buffer.length) return this.buffer
    if (this.buffer) this.emit(this.buffer, this.used)
    this.buffer = await this.pool.acquire()
    this.used = 0
    return this.buffer
  }
}

/** Files up to this size are read whole, ahead of the writer; larger ones stream in order. */
const READ_AHEAD_MAX_FILE = 256 * 1024
/** Reads in flight at most: many small files are read side by side, not one open-read-close at a time. */
const READ_AHEAD_FILES = 64
/** Bytes read ahead and not yet written, at most: memory stays flat whatever the context's size. */
const READ_AHEAD_BYTES = 16 * 1024 * 1024

/**
 * Reads the small files of `entries` ahead of the tar writer, a bounded window at a time. The
 * writer still takes them strictly in order, so the archive is the same as reading one by one.
 */
class ReadAhead {
  private next = 0
  private bytes = 0
  private readonly pending = new Map<number, Promise<Buffer>>()

  constructor(private readonly entries: LayerEntry[]) {}

  /**
   * The bytes of entry `i` when it is a small file; undefined otherwise. Called for 0, 1, 2…:
   * what is pending is then always at `i` or after, so a window that has not reached `i` is empty
   * and starts with it.
   */
  take(i: number): Promise<Buffer> | undefined {
    this.fill(i)
    const content = this.pending.get(i)
    if (content) {
      this.pending.delete(i)
      this.bytes -= (this.entries[i] as LayerEntry).size
      // The freed room goes to later files while this one is written.
      this.fill(i + 1)
    }
    return content
  }

  private fill(from: number): void {
    if (this.next < from) this.next = from
    while (this.next < this.entries.length && this.pending.size < READ_AHEAD_FILES) {
      const entry = this.entries[this.next] as LayerEntry
      if (isSmallFile(entry)) {
        if (this.pending.size > 0 && this.bytes + entry.size > READ_AHEAD_BYTES) return
        const content = read(entry)
        // Awaited by take()'s caller; a failure no one reached yet must not crash the process.
        content.catch(() => undefined)
        this.pending.set(this.next, content)
        this.bytes += entry.size
      }
      this.next++
    }
  }
}

function isSmallFile(entry: LayerEntry): boolean {
  return entry.type === 'file' && entry.size <= READ_AHEAD_MAX_FILE && entry.source !== undefined
}

function read(entry: LayerEntry): Promise<Buffer> {
  return readFile(entry.source as string).catch((cause: unknown) => {
    throw changed(entry, 'could not be read', cause)
  })
}

function changed(entry: LayerEntry, what: string, cause?: unknown): ReleaseError {
  return new ReleaseError(
    'CONTEXT_CHANGED',
    `'${entry.path}' ${what}: the context changed during the build`,
    { hint: 'do not modify the context folder while building; run the build again', cause },
  )
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

const TYPEFLAG = { file: '0', dir: '5', symlink: '2' } as const

/** The header block(s) of one entry: a PAX extended header first when ustar cannot hold it. */
export function entryHeaders(entry: LayerEntry, mtime: number): Buffer {
  const name = entry.type === 'dir' ? `${entry.path}/` : entry.path
  const size = entry.type === 'file' ? entry.size : 0
  const pax: [string, string][] = []

  const split = splitName(name)
  if (split === undefined) pax.push(['path', name])
  const link = entry.linkTarget ?? ''
  const linkFits = isAscii(link) && Buffer.byteLength(link) <= 100
  if (!linkFits) pax.push(['linkpath', link])
  if (size > MAX_OCTAL_11) pax.push(['size', String(size)])

  const header = ustarHeader({
    // Readers use the PAX path; the ustar field keeps a recognisable, deterministic stand-in.
    name: split?.name ?? truncateBytes(name, 100),
    prefix: split?.prefix ?? '',
    mode: entry.mode,
    size: size > MAX_OCTAL_11 ? 0 : size,
    mtime,
    typeflag: TYPEFLAG[entry.type],
    linkname: linkFits ? link : truncateBytes(link, 100),
  })
  if (pax.length === 0) return header

  // Sorted keys: the same entry always gives the same record bytes.
  pax.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const records = Buffer.concat(pax.map(([key, value]) => paxRecord(key, value)))
  const base = entry.path.slice(entry.path.lastIndexOf('/') + 1).replace(/[^\x20-\x7e]/g, '_')
  const paxHeader = ustarHeader({
    name: `PaxHeaders/${base}`.slice(0, 100),
    prefix: '',
    mode: 0o644,
    size: records.length,
    mtime,
    typeflag: 'x',
    linkname: '',
  })
  return Buffer.concat([paxHeader, records, Buffer.alloc(padding(records.length)), header])
}

/** "<length> <key>=<value>\n", where the length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`
  const bodyLength = Buffer.byteLength(body)
  let length = bodyLength + 1
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength
  return Buffer.from(`${length}${body}`, 'utf8')
}

/**
 * ustar stores up to 255 bytes as prefix (≤155) + '/' + name (≤100), split at a '/'. The longest
 * prefix that works is taken, like GNU tar. Non-ASCII names go to PAX, as Go's archive/tar does,
 * since ustar fields have no defined encoding.
 */
function splitName(name: string): { name: string; prefix: string } | undefined {
  if (!isAscii(name)) return undefined
  if (name.length <= 100) return { name, prefix: '' }
  // A trailing '/' (folders) belongs to the name part, never the split point.
  for (let i = Math.min(155, name.length - 2); i > 0; i--) {
    if (name[i] !== '/') continue
    const rest = name.slice(i + 1)
    if (rest.length > 100) return undefined
    return { prefix: name.slice(0, i), name: rest }
  }
  return undefined
}

interface HeaderFields {
  name: string
  prefix: string
  mode: number
  size: number
  mtime: number
  typeflag: string
  linkname: string
}

function ustarHeader(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK)
  block.write(fields.name, 0, 100, 'utf8')
  writeOctal(block, 100, 8, fields.mode)
  writeOctal(block, 108, 8, 0) // uid
  writeOctal(block, 116, 8, 0) // gid
  writeOctal(block, 124, 12, fields.size)
  writeOctal(block, 136, 12, fields.mtime)
  block.write(fields.typeflag, 156, 1, 'ascii')
  block.write(fields.linkname, 157, 100, 'utf8')
  block.write('ustar\x0000', 257, 8, 'ascii')
  // uname (265) and gname (297) stay empty: owners are numeric 0/0 in every image.
  writeOctal(block, 329, 8, 0) // devmajor
  writeOctal(block, 337, 8, 0) // devminor
  block.write(fields.prefix, 345, 155, 'utf8')
  // The checksum is summed with its own field read as eight spaces.
  block.fill(0x20, 148, 156)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += block[i] as number
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii')
  return block
}

/** Zero-padded octal filling the field but its last byte, which is NUL. */
function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii')
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false
  return true
}

function truncateBytes(text: string, max: number): string {
  // By code point, so a cut never leaves half a surrogate pair.
  const chars = [...text]
  while (Buffer.byteLength(chars.join('')) > max) chars.pop()
  return chars.join('')
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32

/** zlib.crc32 exists from Node 20.15 / 22.2; older 20.x gets the table version. */
export function crc32(data: Uint8Array, value = 0): number {
  return nativeCrc32 ? nativeCrc32(data, value) : tableCrc32(data, value)
}

/** The plain table-driven CRC-32 of RFC 1952 §8, continuing from `value`. */
export function tableCrc32(data: Uint8Array, value = 0): number {
  let crc = ~value >>> 0
  for (let i = 0; i < data.length; i++) {
    crc = (CRC_TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8)
  }
  return ~crc >>> 0
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()
