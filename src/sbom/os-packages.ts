/**
 * Operating system packages from their package managers' databases: dpkg's status file (and the
 * `status.d/` folder of distroless images), apk's installed database, and the distribution from
 * os-release. A binary package keeps the source package it was built from, since that is the
 * name Debian's and Alpine's advisories use.
 */
import type { FoundPackage } from './package.js'

export interface Distro {
  /** os-release ID: debian, ubuntu, alpine. */
  id: string
  /** VERSION_ID: 12, 22.04, 3.19.1; empty for testing/unstable. */
  versionId: string
  prettyName?: string
}

/** os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): Distro | undefined {
  const fields: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (!m) continue
    let value = m[2]!
    const q = value[0]
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1)
      if (q === '"') value = value.replace(/\\(["\\`$])/g, '$1')
    }
    fields[m[1]!] = value
  }
  if (!fields.ID) return undefined
  return {
    id: fields.ID.toLowerCase(),
    versionId: fields.VERSION_ID ?? '',
    ...(fields.PRETTY_NAME ? { prettyName: fields.PRETTY_NAME } : {}),
  }
}

/** RFC 822-style stanzas separated by blank lines; continuation lines start with white space. */
function stanzas(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = []
  let current: Record<string, string> = {}
  let last: string | undefined
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(current).length) out.push(current)
      current = {}
      last = undefined
    } else if (/^[ \t]/.test(line)) {
      if (last) current[last] += `\n${line.trim()}`
    } else {
      const colon = line.indexOf(':')
      if (colon <= 0) continue
      last = line.slice(0, colon).trim()
      current[last] = line.slice(colon + 1).trim()
    }
  }
  if (Object.keys(current).length) out.push(current)
  return out
}

/**
 * The installed packages of a dpkg status file (or one file of `status.d/`, which has no
 * Status field: everything there is installed). `Source: name (version)` names a source
 * version that differs from the binary's (binNMUs); without it the versions are the same.
 */
export function parseDpkgStatus(text: string, path: string, layer: string): FoundPackage[] {
  const out: FoundPackage[] = []
  for (const s of stanzas(text)) {
    const name = s.Package
    const version = s.Version
    if (!name || !version) continue
    if (s.Status !== undefined && !/(^|\s)installed$/.test(s.Status)) continue
    const m = s.Source ? /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(s.Source) : null
    out.push({
      type: 'deb',
      name,
      version,
      arch: s.Architecture,
      source: { name: m?.[1] ?? name, version: m?.[2] ?? version },
      path,
      layer,
    })
  }
  return out
}

/** apk's installed database: `P:` name, `V:` version, `A:` arch, `o:` origin, `L:` license. */
export function parseApkInstalled(text: string, path: string, layer: string): FoundPackage[] {
  const out: FoundPackage[] = []
  let fields: Record<string, string> = {}
  const flush = (): void => {
    if (fields.P && fields.V) {
      out.push({
        type: 'apk',
        name: fields.P,
        version: fields.V,
        arch: fields.A,
        source: { name: fields.o ?? fields.P, version: fields.V },
        licenses: fields.L ? [fields.L] : undefined,
        path,
        layer,
      })
    }
    fields = {}
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') flush()
    else if (line[1] === ':' && !(line[0]! in fields)) fields[line[0]!] = line.slice(2)
  }
  flush()
  return out
}
