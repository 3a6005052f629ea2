/**
 * Go binaries: the toolchain and modules compiled in, from the build information the Go linker
 * embeds (Go 1.18 and later, `go version -m`). The blob starts with `\xff Go buildinf:`; with
 * flag 2 set, the Go version and the module info follow the 32-byte header as
 * varint-length-prefixed strings. Older binaries keep pointers there instead, which need the
 * executable's segments to follow: they are left out.
 */
import type { FoundPackage } from './package.js'
import type { ContentScan } from './tar.js'

export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')
const HEADER = 32
const FLAG_INLINE_STRINGS = 0x2
/** Header and module info together are a few kilobytes; this is ample. */
const KEEP = 256 * 1024
const ELF = Buffer.from('\x7fELF', 'latin1')

/** A scan that keeps the build information of an ELF executable, passing over the rest. */
export function goBuildInfoScan(): ContentScan {
  let head: Buffer | undefined = Buffer.alloc(0)
  let skip = false
  let tail = Buffer.alloc(0)
  const kept: Buffer[] = []
  let keptBytes = 0
  return {
    write(chunk) {
      if (skip) return
      if (head) {
        // Only ELF executables: a script or a data file with an exec bit is passed over.
        head = Buffer.concat([head, chunk.subarray(0, ELF.length)])
        if (head.length < ELF.length) return
        skip = !head.subarray(0, ELF.length).equals(ELF)
        head = undefined
        if (skip) return
      }
      if (kept.length) {
        const piece = chunk.subarray(0, KEEP - keptBytes)
        kept.push(Buffer.from(piece))
        keptBytes += piece.length
        if (keptBytes >= KEEP) skip = true
        return
      }
      // The marker may straddle two chunks: search the previous chunk's end with this one.
      const hay = tail.length ? Buffer.concat([tail, chunk]) : chunk
      const at = hay.indexOf(GO_BUILDINFO_MAGIC)
      if (at >= 0) {
        const piece = hay.subarray(at, at + KEEP)
        kept.push(Buffer.from(piece))
        keptBytes = piece.length
        return
      }
      tail = Buffer.from(hay.subarray(Math.max(0, hay.length - GO_BUILDINFO_MAGIC.length + 1)))
    },
    end: () => (kept.length ? Buffer.concat(kept) : undefined),
  }
}

function uvarint(b: Buffer, at: number): [number, number] | undefined {
  let value = 0
  for (let shift = 0, i = at; i < b.length && shift < 35; shift += 7, i++) {
    value += (b[i]! & 0x7f) * 2 ** shift
    if (b[i]! < 0x80) return [value, i + 1]
  }
  return undefined
}

function readString(b: Buffer, at: number): [string, number] | undefined {
  const n = uvarint(b, at)
  if (!n || n[1] + n[0] > b.length) return undefined
  return [b.subarray(n[1], n[1] + n[0]).toString('utf8'), n[1] + n[0]]
}

export interface GoBuildInfo {
  /** The toolchain: go1.21.5. */
  goVersion: string
  /** The main package path. */
  path?: string
  main?: { path: string; version: string }
  deps: { path: string; version: string }[]
}

/** The build information in a blob that starts with the marker; undefined for the old format. */
export function parseGoBuildInfo(blob: Buffer): GoBuildInfo | undefined {
  if (!blob.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC)) return undefined
  if (blob.length < HEADER || !(blob[15]! & FLAG_INLINE_STRINGS)) return undefined
  const version = readString(blob, HEADER)
  const info = version && readString(blob, version[1])
  if (!version || !info) return undefined
  let mod = info[0]
  // The linker wraps the module info in 16-byte sentinels.
  if (mod.length >= 33 && mod[mod.length - 17] === '\n') mod = mod.slice(16, -16)
  const out: GoBuildInfo = { goVersion: version[0], deps: [] }
  for (const line of mod.split('\n')) {
    const [kind, path, v] = line.split('\t')
    if (kind === 'path' && path) out.path = path
    else if (kind === 'mod' && path && v) out.main = { path, version: v }
    else if (kind === 'dep' && path && v) out.deps.push({ path, version: v })
    // A replacement names what was compiled in place of the dependency before it.
    else if (kind === '=>' && path && v && out.deps.length)
      out.deps[out.deps.length - 1] = { path, version: v }
  }
  return out
}

/** `github.com/a/b` -> purl namespace `github.com/a`, name `b`. */
function goPackage(path: string, version: string, at: string, layer: string): FoundPackage {
  const slash = path.lastIndexOf('/')
  return {
    type: 'golang',
    ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
    name: slash > 0 ? path.slice(slash + 1) : path,
    version,
    path: at,
    layer,
  }
}

/**
 * The packages of a Go binary: `stdlib` at the toolchain's version (what Go advisories name),
 * the main module when it has a version (not `(devel)`), and each module dependency.
 */
export function goBinaryPackages(info: GoBuildInfo, path: string, layer: string): FoundPackage[] {
  const out: FoundPackage[] = []
  const toolchain = /^go(\d+(?:\.\d+)*)/.exec(info.goVersion)
  if (toolchain) out.push(goPackage('stdlib', toolchain[1]!, path, layer))
  if (info.main && info.main.version !== '(devel)') {
    out.push(goPackage(info.main.path, info.main.version, path, layer))
  }
  for (const d of info.deps) out.push(goPackage(d.path, d.version, path, layer))
  return out
}
