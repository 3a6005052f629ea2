/**
 * Advisories in OSV format (https://ossf.github.io/osv-schema/) matched against an SBOM's
 * packages. Advisories are indexed once by (ecosystem, package name), so a scan costs one pass
 * over the advisories plus one lookup per package, however many advisories there are. Versions
 * are compared in each ecosystem's own order (versions.ts); Debian and Ubuntu advisories name
 * source packages, so binary packages are matched through their source.
 */
import { PackageURL } from 'packageurl-js'
import { PROPERTY } from './cyclonedx.js'
import { severityOf, type Severity, type SeverityEntry } from './severity.js'
import { compareNpm, compareVersions, type Ecosystem } from './versions.js'

/** A package as the scan sees it. */
export interface ScanPackage {
  purl: string
  /** The purl type, which picks the version order. */
  type: Ecosystem | 'golang'
  /** As the image names it: the binary package, `@scope/name` for npm. */
  name: string
  version: string
  /** What advisories name: the source package and its version for deb and apk. */
  match: { name: string; version: string }
  /** OSV ecosystems to look in, most specific first (`Debian:12`, then `Debian`). */
  ecosystems: string[]
  /** Digests of the layers that hold it, and the files in the image (or lockfiles) that list it. */
  layers: string[]
  paths: string[]
}

interface Event {
  introduced?: string
  fixed?: string
  last_affected?: string
}

interface Affected {
  ranges: { type: string; events: Event[] }[]
  versions: Set<string>
  severity: SeverityEntry[]
  labels: unknown[]
}

/** What is kept of an advisory: enough to match and report, not its whole text. */
export interface Advisory {
  id: string
  aliases: string[]
  summary?: string
  severity: SeverityEntry[]
  labels: unknown[]
}

export interface Finding {
  id: string
  aliases: string[]
  summary?: string
  /** As the image names it, and as the advisory does (the source package) when different. */
  package: string
  advisoryPackage: string
  purl: string
  ecosystem: string
  installed: string
  /** The lowest fixed version above the installed one; none when no fix is published. */
  fixed?: string
  severity: Severity
  score?: number
  layers: string[]
  paths: string[]
}

const PYPI_NAME = /[-_.]+/g

function normalizeName(ecosystem: string, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(PYPI_NAME, '-') : name
}

/**
 * OSV's ecosystem names as we key them: Ubuntu's `:LTS` and Alpine's `v` are dropped to the
 * release number an image's os-release gives. Ubuntu Pro advisories cover packages a plain image
 * does not have, so they are not keyed at all.
 */
function ecosystemKey(ecosystem: string): string | undefined {
  if (ecosystem.startsWith('Ubuntu:')) {
    if (ecosystem.includes(':Pro:')) return undefined
    return ecosystem.replace(/:LTS$/, '')
  }
  return ecosystem
}

const key = (ecosystem: string, name: string) =>
  `${ecosystem}\u0000${normalizeName(ecosystem, name)}`

/** The OSV ecosystems of a purl's distro qualifier (`debian-12`, `ubuntu-22.04`, `alpine-3.19.1`). */
function distroEcosystems(namespace: string | undefined, distro: string | undefined): string[] {
  const id = (namespace ?? '').toLowerCase()
  const release = distro?.startsWith(`${id}-`) ? distro.slice(id.length + 1) : undefined
  const base = id === 'ubuntu' ? 'Ubuntu' : id === 'alpine' ? 'Alpine' : 'Debian'
  if (!release) return [base]
  if (base === 'Debian') return [`Debian:${release.split('.')[0]}`, base]
  if (base === 'Alpine') return [`Alpine:v${release.split('.').slice(0, 2).join('.')}`, base]
  return [`Ubuntu:${release}`, base]
}

interface BomComponent {
  name?: string
  version?: string
  purl?: string
  properties?: { name: string; value: string }[]
  components?: BomComponent[]
}

/** The packages a CycloneDX SBOM lists, for the ecosystems advisories can be matched in. */
export function bomPackages(bom: unknown): ScanPackage[] {
  const out: ScanPackage[] = []
  const walk = (list: BomComponent[] | undefined) => {
    for (const c of list ?? []) {
      walk(c.components)
      const p = scanPackage(c)
      if (p) out.push(p)
    }
  }
  walk((bom as { components?: BomComponent[] })?.components)
  return out
}

function scanPackage(c: BomComponent): ScanPackage | undefined {
  if (!c.purl) return undefined
  let purl: PackageURL
  try {
    purl = PackageURL.fromString(c.purl)
  } catch {
    return undefined
  }
  if (!purl.version) return undefined
  const props = (name: string) => (c.properties ?? []).filter((p) => p.name === name)
  const layers = props(PROPERTY.layer).map((p) => p.value)
  const paths = props(PROPERTY.path).map((p) => p.value)
  const base = { purl: c.purl, version: purl.version, layers, paths }
  switch (purl.type) {
    case 'npm': {
      const name = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name
      return {
        ...base,
        type: 'npm',
        name,
        match: { name, version: purl.version },
        ecosystems: ['npm'],
      }
    }
    case 'pypi':
      return {
        ...base,
        type: 'pypi',
        name: purl.name,
        match: { name: purl.name, version: purl.version },
        ecosystems: ['PyPI'],
      }
    case 'golang': {
      const name = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name
      return {
        ...base,
        type: 'golang',
        name,
        match: { name, version: purl.version },
        ecosystems: ['Go'],
      }
    }
    case 'deb':
    case 'apk': {
      const source = props(PROPERTY.sourceName)[0]?.value ?? purl.name
      const sourceVersion = props(PROPERTY.sourceVersion)[0]?.value ?? purl.version
      return {
        ...base,
        type: purl.type,
        name: purl.name,
        match: { name: source, version: sourceVersion },
        ecosystems: distroEcosystems(purl.namespace, purl.qualifiers?.distro),
      }
    }
    default:
      return undefined
  }
}

type Order = (a: string, b: string) => number

function orderOf(type: ScanPackage['type'], rangeType: string): Order {
  // SEMVER ranges are semver whatever the ecosystem; Go versions are semver with a `v`.
  if (rangeType === 'SEMVER' || type === 'golang') return compareNpm
  return (a, b) => compareVersions(type, a, b)
}

const versionOf = (e: Event) => e.introduced ?? e.fixed ?? e.last_affected ?? ''

/** OSV's range evaluation: events in version order, `introduced: "0"` before everything. */
function inRange(events: Event[], version: string, order: Order): { hit: boolean; fixed?: string } {
  const cmp = (a: string, b: string) => (a === b ? 0 : a === '0' ? -1 : b === '0' ? 1 : order(a, b))
  const sorted = [...events].sort((a, b) => cmp(versionOf(a), versionOf(b)))
  let hit = false
  for (const e of sorted) {
    if (e.introduced !== undefined && cmp(version, e.introduced) >= 0) hit = true
    else if (e.fixed !== undefined && cmp(version, e.fixed) >= 0) hit = false
    else if (e.last_affected !== undefined && cmp(version, e.last_affected) > 0) hit = false
  }
  const fixed = hit
    ? sorted.find((e) => e.fixed !== undefined && cmp(e.fixed, version) > 0)?.fixed
    : undefined
  return { hit, fixed }
}

function affects(a: Affected, p: ScanPackage): { hit: boolean; fixed?: string } {
  const version = p.match.version
  let fixed: string | undefined
  let hit = a.versions.has(version)
  for (const r of a.ranges) {
    if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER') continue
    const order = orderOf(p.type, r.type)
    const result = inRange(r.events, version, order)
    if (!result.hit) continue
    hit = true
    if (result.fixed !== undefined && (fixed === undefined || order(result.fixed, fixed) < 0)) {
      fixed = result.fixed
    }
  }
  return { hit, fixed }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
const severities = (v: unknown): SeverityEntry[] =>
  Array.isArray(v)
    ? v.filter(
        (s): s is SeverityEntry =>
          isObject(s) && typeof s.type === 'string' && typeof s.score === 'string',
      )
    : []

/** Advisories by (ecosystem, package name): filled once, then asked once per package. */
export class AdvisoryIndex {
  private readonly entries = new Map<string, { advisory: Advisory; affected: Affected }[]>()
  private readonly ids = new Set<string>()

  /** How many advisories it holds. */
  get size(): number {
    return this.ids.size
  }

  has(id: string): boolean {
    return this.ids.has(id)
  }

  /**
   * Adds one OSV document; false when it is not one (no id) or is withdrawn. An id seen before
   * is kept as first added.
   */
  add(doc: unknown): boolean {
    if (!isObject(doc) || typeof doc.id !== 'string' || !Array.isArray(doc.affected)) return false
    if (doc.withdrawn || this.ids.has(doc.id)) return false
    const advisory: Advisory = {
      id: doc.id,
      aliases: strings(doc.aliases),
      summary: typeof doc.summary === 'string' ? doc.summary : undefined,
      severity: severities(doc.severity),
      labels: isObject(doc.database_specific) ? [doc.database_specific.severity] : [],
    }
    let indexed = false
    for (const a of doc.affected as unknown[]) {
      if (!isObject(a) || !isObject(a.package)) continue
      const { ecosystem, name } = a.package
      if (typeof ecosystem !== 'string' || typeof name !== 'string') continue
      const eco = ecosystemKey(ecosystem)
      if (!eco) continue
      const db = isObject(a.database_specific) ? a.database_specific : {}
      const es = isObject(a.ecosystem_specific) ? a.ecosystem_specific : {}
      const affected: Affected = {
        ranges: (Array.isArray(a.ranges) ? a.ranges : [])
          .filter((r): r is Record<string, unknown> => isObject(r) && Array.isArray(r.events))
          .map((r) => ({
            type: String(r.type),
            events: (r.events as unknown[]).filter(isObject) as Event[],
          })),
        versions: new Set(strings(a.versions)),
        severity: severities(a.severity),
        labels: [db.severity, es.severity, es.urgency],
      }
      const k = key(eco, name)
      const list = this.entries.get(k)
      if (list) list.push({ advisory, affected })
      else this.entries.set(k, [{ advisory, affected }])
      indexed = true
    }
    if (indexed) this.ids.add(doc.id)
    return indexed
  }

  /** Every advisory that affects a package, one finding per (advisory, package). */
  match(packages: ScanPackage[]): Finding[] {
    const findings: Finding[] = []
    for (const p of packages) {
      const seen = new Set<string>()
      for (const eco of p.ecosystems) {
        for (const { advisory, affected } of this.entries.get(key(eco, p.match.name)) ?? []) {
          if (seen.has(advisory.id)) continue
          const { hit, fixed } = affects(affected, p)
          if (!hit) continue
          seen.add(advisory.id)
          const { severity, score } = severityOf(
            [...affected.severity, ...advisory.severity],
            [...affected.labels, ...advisory.labels],
          )
          findings.push({
            id: advisory.id,
            aliases: advisory.aliases,
            ...(advisory.summary ? { summary: advisory.summary } : {}),
            package: p.name,
            advisoryPackage: p.match.name,
            purl: p.purl,
            ecosystem: eco,
            installed: p.version,
            ...(fixed !== undefined ? { fixed } : {}),
            severity,
            ...(score !== undefined ? { score } : {}),
            layers: p.layers,
            paths: p.paths,
          })
        }
      }
    }
    return findings
  }
}
