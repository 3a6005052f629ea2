/**
 * Reads the entries of a layer (tar, gzip-compressed or not) as a stream, buffering only the
 * files the caller asks for: a layer of gigabytes passes through in pieces, and the few package
 * databases in it are kept. Understands ustar, PAX extended headers and GNU long names, which is
 * what buildah, BuildKit, docker and our own layer writer emit.
 */
import { Readable, type Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as zlib from 'node:zlib'
import { ReleaseError } from '../errors.js'

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other'

export interface TarEntry {
  /** Without a leading `./` or `/`: `var/lib/dpkg/status`. */
  path: string
  type: EntryType
  size: number
  mode: number
  /** Symlink or hardlink target. */
  linkname: string
  /** The content for the files `wants` asked for; what a ContentScan kept for scanned ones. */
  data?: Buffer
}

/** Sees a file's content chunk by chunk and keeps what it needs (a marker and what follows). */
export interface ContentScan {
  write(chunk: Buffer): void
  /** What was kept, or undefined for nothing. */
  end(): Buffer | undefined
}

const BLOCK = 512

/** Pulls exact byte counts out of a stream of chunks. */
class Pull {
  private chunks: Buffer[] = []
  private held = 0
  private done = false
  private readonly it: AsyncIterator<Buffer>

  constructor(stream: AsyncIterable<Buffer>) {
    this.it = stream[Symbol.asyncIterator]()
  }

  private async fill(n: number): Promise<boolean> {
    while (this.held < n && !this.done) {
      const next = await this.it.next()
      if (next.done) this.done = true
      else {
        this.chunks.push(next.value)
        this.held += next.value.length
      }
    }
    return this.held >= n
  }

  /** Exactly `n` bytes, or undefined at the end of the stream. */
  async read(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) return undefined
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
    this.chunks = all.length > n ? [all.subarray(n)] : []
    this.held -= n
    return all.subarray(0, n)
  }

  /** Passes `n` bytes to `see` (when given) and drops them, holding one chunk at a time. */
  async skip(n: number, see?: (chunk: Buffer) => void): Promise<boolean> {
    let left = n
    while (left > 0) {
      if (this.held === 0 && !(await this.fill(1))) return false
      const first = this.chunks[0]!
      const piece = first.length <= left ? first : first.subarray(0, left)
      if (first.length <= left) this.chunks.shift()
      else this.chunks[0] = first.subarray(left)
      this.held -= piece.length
      left -= piece.length
      see?.(piece)
    }
    return true
  }

  /** The first bytes without consuming them (to tell gzip from tar). */
  async peek(n: number): Promise<Buffer> {
    await this.fill(n)
    const all = Buffer.concat(this.chunks)
    this.chunks = all.length ? [all] : []
    return all.subarray(0, n)
  }

  async *rest(): AsyncGenerator<Buffer> {
    for (const c of this.chunks) yield c
    this.chunks = []
    this.held = 0
    if (this.done) return
    for (let next = await this.it.next(); !next.done; next = await this.it.next()) yield next.value
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length)
  const nul = field.indexOf(0)
  return field.subarray(0, nul < 0 ? length : nul).toString('utf8')
}

/** Octal, or GNU's base-256 for sizes of 8 GiB and more (first byte 0x80). */
function number(block: Buffer, start: number, length: number): number {
  if (block[start]! & 0x80) {
    let n = 0
    for (let i = start + 1; i < start + length; i++) n = n * 256 + block[i]!
    return n
  }
  const t = text(block, start, length).trim()
  return t ? parseInt(t, 8) : 0
}

function checksumOk(block: Buffer): boolean {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!
  return sum === number(block, 148, 8)
}

/** PAX records: `<length> <key>=<value>\n`, lengths in bytes. */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let at = 0
  while (at < data.length) {
    const space = data.indexOf(0x20, at)
    if (space < 0) break
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10)
    if (!(length > 0)) break
    const record = data.subarray(space + 1, at + length - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1)
    at += length
  }
  return out
}

const TYPES: Record<string, EntryType> = {
  '0': 'file',
  '\0': 'file',
  '': 'file',
  '7': 'file',
  '5': 'dir',
  '2': 'symlink',
  '1': 'hardlink',
}

export function normalizePath(path: string): string {
  return path.replace(/^(\.?\/)+/, '').replace(/\/+$/, '')
}

const padded = (size: number): number => Math.ceil(size / BLOCK) * BLOCK

type ZlibWithZstd = typeof zlib & { createZstdDecompress?: () => Transform }

/** gzip, or zstd where Node's zlib has it (22.15 and later); undefined for plain tar. */
function decompressor(magic: Buffer, what: string): Transform | undefined {
  if (magic[0] === 0x1f && magic[1] === 0x8b) return zlib.createGunzip()
  if (magic.length < 4 || magic.readUInt32LE(0) !== 0xfd2fb528) return undefined
  const zstd = (zlib as ZlibWithZstd).createZstdDecompress
  if (zstd) return zstd()
  throw new ReleaseError(
    'LAYOUT_INVALID',
    `${what} is zstd-compressed, and this Node.js (${process.version}) has no zstd`,
    { hint: 'run on Node.js 22.15 or later (the action runs on node24), or set sbom: false' },
  )
}

/**
 * The entries of a tar stream, decompressed first when it starts with gzip's or zstd's magic.
 * `wants` sees each regular file's entry (without data) and says whether to buffer it, or hands
 * back a scan that sees its content in passing.
 */
export async function* tarEntries(
  input: Readable,
  wants: (entry: TarEntry) => boolean | ContentScan,
  what = 'layer',
): AsyncGenerator<TarEntry> {
  let pull = new Pull(input)
  const unpack = decompressor(await pull.peek(4), what)
  if (unpack) {
    // pipeline destroys `unpack` with the source's error (a digest mismatch), so reads fail too.
    pipeline(Readable.from(pull.rest()), unpack).catch(() => undefined)
    pull = new Pull(unpack)
  }
  let pax: Record<string, string> = {}
  let longName: string | undefined
  let longLink: string | undefined
  for (;;) {
    const block = await pull.read(BLOCK)
    if (!block || block.every((b) => b === 0)) return
    if (!checksumOk(block)) {
      throw new ReleaseError('LAYOUT_INVALID', `${what} is not a tar archive (bad header checksum)`)
    }
    const flag = String.fromCharCode(block[156]!)
    const size = number(block, 124, 12)
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      const data = await pull.read(padded(size))
      if (!data) break
      const body = data.subarray(0, size)
      if (flag === 'x') pax = paxRecords(body)
      else if (flag === 'L') longName = text(body, 0, size)
      else if (flag === 'K') longLink = text(body, 0, size)
      continue
    }
    const prefix = block.subarray(257, 263).toString('latin1').startsWith('ustar')
      ? text(block, 345, 155)
      : ''
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/` : '') + text(block, 0, 100)
    const entry: TarEntry = {
      path: normalizePath(name),
      type: TYPES[flag] ?? 'other',
      size: pax.size !== undefined ? Number(pax.size) : size,
      mode: number(block, 100, 8),
      linkname: pax.linkpath ?? longLink ?? text(block, 157, 100),
    }
    pax = {}
    longName = longLink = undefined
    const stored = entry.type === 'file' ? entry.size : 0
    const want = entry.type === 'file' && wants(entry)
    if (want === true) {
      const data = await pull.read(padded(stored))
      if (!data) break
      entry.data = data.subarray(0, stored)
    } else if (want) {
      if (!(await pull.skip(stored, (chunk) => want.write(chunk)))) break
      if (!(await pull.skip(padded(stored) - stored))) break
      entry.data = want.end()
    } else if (!(await pull.skip(padded(stored)))) break
    yield entry
  }
  throw new ReleaseError('LAYOUT_INVALID', `${what} ends in the middle of an entry`)
}
