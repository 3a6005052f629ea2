/**
 * The plan of `check` (issue 6): what a release of the new image would change against what is
 * at `compare-to` now — digests, size, layers added and removed, config changes — and the tags
 * a release would write and the gates a promotion would face, rendered as markdown for the job
 * summary and the pull request comment.
 */
import { cell } from '../markdown.js'
import { isIndexType, isManifestType } from '../oci/media-types.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex, ImageManifest, Platform } from '../oci/types.js'

export interface LayerFact {
  digest: string
  size: number
}

export interface ConfigFacts {
  Env: string[]
  Entrypoint: string[] | null
  Cmd: string[] | null
  User: string
  WorkingDir: string
  /** Sorted, e.g. `8080/tcp`. */
  ExposedPorts: string[]
  Labels: Record<string, string>
}

export interface PlatformFacts {
  /** `os/architecture[/variant]`. */
  platform: string
  layers: LayerFact[]
  config: ConfigFacts
}

export interface ImageFacts {
  digest: string
  mediaType: string
  /** Manifest + config + layers, summed over platforms (plus the index itself) for an index. */
  size: number
  platforms: PlatformFacts[]
}

export interface ConfigChange {
  field: string
  before: string
  after: string
}

export interface PlatformDiff {
  platform: string
  layersAdded: LayerFact[]
  layersRemoved: LayerFact[]
  configChanges: ConfigChange[]
}

export interface PlanDiff {
  sizeChange: number
  platforms: PlatformDiff[]
  platformsAdded: string[]
  platformsRemoved: string[]
}

export interface PlanInput {
  /** What was compared: an environment name or a reference. */
  compareTo?: string
  current?: ImageFacts
  next: ImageFacts
  tags: string[]
  gates: string[]
  reproducible?: { ok: boolean; digests: string[] }
}

const EMPTY_CONFIG: ConfigFacts = {
  Env: [],
  Entrypoint: null,
  Cmd: null,
  User: '',
  WorkingDir: '',
  ExposedPorts: [],
  Labels: {},
}

function platformName(p: Partial<Platform> | undefined): string | undefined {
  if (!p?.os || !p.architecture) return undefined
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

function stringArray(v: unknown): string[] | null {
  return Array.isArray(v) ? v.map(String) : null
}

function normalizeConfig(raw: unknown): ConfigFacts {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const labels: Record<string, string> = {}
  if (c.Labels && typeof c.Labels === 'object') {
    for (const [k, v] of Object.entries(c.Labels as Record<string, unknown>)) labels[k] = String(v)
  }
  return {
    Env: stringArray(c.Env) ?? [],
    Entrypoint: stringArray(c.Entrypoint),
    Cmd: stringArray(c.Cmd),
    User: typeof c.User === 'string' ? c.User : '',
    WorkingDir: typeof c.WorkingDir === 'string' ? c.WorkingDir : '',
    ExposedPorts:
      c.ExposedPorts && typeof c.ExposedPorts === 'object'
        ? Object.keys(c.ExposedPorts).sort()
        : [],
    Labels: labels,
  }
}

async function readPlatform(
  store: Store,
  manifest: ImageManifest,
  descPlatform: Platform | undefined,
): Promise<{ facts: PlatformFacts; size: number }> {
  const configBytes = await store.readBlob(manifest.config)
  let config: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(configBytes.toString('utf8'))
    if (parsed && typeof parsed === 'object') config = parsed as Record<string, unknown>
  } catch {
    // Not a JSON config (an artifact): no config facts.
  }
  const layers = (manifest.layers ?? []).map((l) => ({ digest: l.digest, size: l.size }))
  const platform =
    platformName(descPlatform) ?? platformName(config as Partial<Platform>) ?? 'unknown/unknown'
  const size = manifest.config.size + layers.reduce((sum, l) => sum + l.size, 0)
  return { facts: { platform, layers, config: normalizeConfig(config.config) }, size }
}

function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  )
}

/** Reads the manifest(s) and config blob(s) of `digest`; for an index, each platform's. */
export async function readImageFacts(store: Store, digest: string): Promise<ImageFacts> {
  const top = await store.getManifest(digest)
  const parsed = JSON.parse(top.bytes.toString('utf8')) as ImageManifest | ImageIndex
  const mediaType = top.mediaType || parsed.mediaType || ''
  let size = top.bytes.length
  const platforms: PlatformFacts[] = []
  if (isIndexType(mediaType) || 'manifests' in parsed) {
    for (const child of (parsed as ImageIndex).manifests ?? []) {
      if (!isManifestType(child.mediaType) || isIndexType(child.mediaType)) continue
      if (isAttestation(child)) continue
      const fetched = await store.getManifest(child.digest)
      const m = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest
      const p = await readPlatform(store, m, child.platform)
      size += fetched.bytes.length + p.size
      platforms.push(p.facts)
    }
  } else {
    const p = await readPlatform(store, parsed as ImageManifest, undefined)
    size += p.size
    platforms.push(p.facts)
  }
  return { digest: top.digest, mediaType, size, platforms }
}

const SECRET_KEY = /(TOKEN|SECRET|PASSWORD|KEY)/i

function envMap(env: string[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const e of env) {
    const i = e.indexOf('=')
    if (i < 0) m.set(e, '')
    else m.set(e.slice(0, i), e.slice(i + 1))
  }
  return m
}

function envShow(key: string, value: string | undefined): string {
  if (value === undefined) return ''
  return `${key}=${SECRET_KEY.test(key) ? '***' : value}`
}

function argv(v: string[] | null): string {
  return v === null ? '' : JSON.stringify(v)
}

function diffConfig(before: ConfigFacts, after: ConfigFacts): ConfigChange[] {
  const changes: ConfigChange[] = []
  const be = envMap(before.Env)
  const ae = envMap(after.Env)
  const keys = [...new Set([...be.keys(), ...ae.keys()])].sort()
  for (const k of keys) {
    const b = be.get(k)
    const a = ae.get(k)
    if (b === a) continue
    changes.push({ field: 'Env', before: envShow(k, b), after: envShow(k, a) })
  }
  for (const field of ['Entrypoint', 'Cmd'] as const) {
    const b = argv(before[field])
    const a = argv(after[field])
    if (b !== a) changes.push({ field, before: b, after: a })
  }
  for (const field of ['User', 'WorkingDir'] as const) {
    if (before[field] !== after[field])
      changes.push({ field, before: before[field], after: after[field] })
  }
  const bp = [...before.ExposedPorts].sort().join(', ')
  const ap = [...after.ExposedPorts].sort().join(', ')
  if (bp !== ap) changes.push({ field: 'ExposedPorts', before: bp, after: ap })
  const labels = [...new Set([...Object.keys(before.Labels), ...Object.keys(after.Labels)])].sort()
  for (const k of labels) {
    const b = Object.hasOwn(before.Labels, k) ? before.Labels[k]! : undefined
    const a = Object.hasOwn(after.Labels, k) ? after.Labels[k]! : undefined
    if (b === a) continue
    changes.push({ field: `Label ${k}`, before: b ?? '', after: a ?? '' })
  }
  return changes
}

function layerDiff(before: LayerFact[], after: LayerFact[]): [LayerFact[], LayerFact[]] {
  const bd = new Set(before.map((l) => l.digest))
  const ad = new Set(after.map((l) => l.digest))
  return [after.filter((l) => !bd.has(l.digest)), before.filter((l) => !ad.has(l.digest))]
}

function diffPlatform(
  name: string,
  before: PlatformFacts | undefined,
  after: PlatformFacts | undefined,
): PlatformDiff {
  const [layersAdded, layersRemoved] = layerDiff(before?.layers ?? [], after?.layers ?? [])
  return {
    platform: name,
    layersAdded,
    layersRemoved,
    configChanges: diffConfig(before?.config ?? EMPTY_CONFIG, after?.config ?? EMPTY_CONFIG),
  }
}

/** What changes from `before` to `after`; `before` undefined means everything is new. */
export function diffImages(before: ImageFacts | undefined, after: ImageFacts): PlanDiff {
  const sizeChange = after.size - (before?.size ?? 0)
  // Two single-manifest images are one platform each: compare them even if the names differ.
  if (
    before &&
    before.platforms.length === 1 &&
    after.platforms.length === 1 &&
    !isIndexType(before.mediaType) &&
    !isIndexType(after.mediaType)
  ) {
    const b = before.platforms[0]!
    const a = after.platforms[0]!
    const same = b.platform === a.platform
    return {
      sizeChange,
      platforms: [diffPlatform(a.platform, b, a)],
      platformsAdded: same ? [] : [a.platform],
      platformsRemoved: same ? [] : [b.platform],
    }
  }
  const beforeBy = new Map((before?.platforms ?? []).map((p) => [p.platform, p]))
  const afterBy = new Map(after.platforms.map((p) => [p.platform, p]))
  const platforms: PlatformDiff[] = []
  const platformsAdded: string[] = []
  const platformsRemoved: string[] = []
  for (const [name, a] of afterBy) {
    const b = beforeBy.get(name)
    if (!b) platformsAdded.push(name)
    platforms.push(diffPlatform(name, b, a))
  }
  for (const [name, b] of beforeBy) {
    if (afterBy.has(name)) continue
    platformsRemoved.push(name)
    platforms.push(diffPlatform(name, b, undefined))
  }
  return { sizeChange, platforms, platformsAdded, platformsRemoved }
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Items per list before "… and N more". */
const LIST_CAP = 50
/** Characters of one user-supplied value in a table cell. */
const VALUE_CAP = 200
/** Past this many characters, remaining platform sections are summarized. */
const BUDGET = 50_000

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** Layer sizes: small layers are common, so KiB or bytes below a tenth of a MiB. */
function human(bytes: number): string {
  if (bytes >= 0.1 * 1024 * 1024) return mib(bytes)
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} bytes`
}

function signed(bytes: number): string {
  if (bytes === 0) return '0.0 MiB (no change)'
  const sign = bytes > 0 ? '+' : '-'
  const abs = Math.abs(bytes)
  return `${sign}${mib(abs)} (${sign}${abs.toLocaleString('en-US')} bytes)`
}

function short(digest: string): string {
  const i = digest.indexOf(':')
  return i < 0 ? digest.slice(0, 12) : digest.slice(0, i + 13)
}

function value(text: string): string {
  if (text === '') return '—'
  const t = text.length > VALUE_CAP ? `${text.slice(0, VALUE_CAP)}…` : text
  return cell(t)
}

function more(total: number, shown: number, what = ''): string[] {
  return total > shown ? [`… and ${total - shown} more${what}`] : []
}

function layerLines(title: string, layers: LayerFact[], sign: string): string[] {
  if (layers.length === 0) return []
  const total = layers.reduce((s, l) => s + l.size, 0)
  const lines = [`**${title}** (${layers.length}, ${sign}${human(total)}):`, '']
  for (const l of layers.slice(0, LIST_CAP))
    lines.push(`- \`${cell(short(l.digest))}\` ${human(l.size)}`)
  const rest = more(layers.length, LIST_CAP)
  if (rest.length) lines.push(`- ${rest[0]}`)
  lines.push('')
  return lines
}

function platformSection(p: PlatformDiff, added: boolean, removed: boolean): string[] {
  const note = added ? ' (new platform)' : removed ? ' (removed platform)' : ''
  const lines = [`#### ${cell(p.platform)}${note}`, '']
  if (!p.layersAdded.length && !p.layersRemoved.length && !p.configChanges.length) {
    lines.push('no change', '')
    return lines
  }
  lines.push(...layerLines('Layers added', p.layersAdded, '+'))
  lines.push(...layerLines('Layers removed', p.layersRemoved, '-'))
  if (p.configChanges.length) {
    lines.push('**Config changes:**', '', '| Field | Before | After |', '|---|---|---|')
    for (const c of p.configChanges.slice(0, LIST_CAP))
      lines.push(`| ${value(c.field)} | ${value(c.before)} | ${value(c.after)} |`)
    const rest = more(p.configChanges.length, LIST_CAP)
    if (rest.length) lines.push(`| ${rest[0]} | | |`)
    lines.push('')
  }
  return lines
}

function list(items: string[], none: string): string[] {
  if (items.length === 0) return [none, '']
  const lines = items.slice(0, LIST_CAP).map((t) => `- ${cell(t)}`)
  const rest = more(items.length, LIST_CAP)
  if (rest.length) lines.push(`- ${rest[0]}`)
  lines.push('')
  return lines
}

/** The plan as markdown for the job summary and the pull request comment (under ~60 KB). */
export function renderPlan(input: PlanInput): string {
  const { current, next } = input
  const diff = diffImages(current, next)
  const against = input.compareTo ? cell(input.compareTo) : 'current'
  const lines: string[] = [`### Plan for \`${cell(next.digest)}\``, '']
  if (input.compareTo && !current)
    lines.push(`Nothing is at ${against} yet: everything is new.`, '')
  lines.push(
    `| | Current (${against}) | New |`,
    '|---|---|---|',
    `| Digest | ${current ? `\`${cell(current.digest)}\`` : '—'} | \`${cell(next.digest)}\` |`,
    `| Size | ${current ? mib(current.size) : '—'} | ${mib(next.size)} |`,
    `| Size change | | ${signed(diff.sizeChange)} |`,
    `| Platforms | ${current ? cell(current.platforms.map((p) => p.platform).join(', ')) : '—'} | ${cell(next.platforms.map((p) => p.platform).join(', '))} |`,
    '',
  )
  if (current && current.digest === next.digest)
    lines.push('The new digest is the one already there: a release would change nothing.', '')

  lines.push('#### Changes by platform', '')
  const added = new Set(diff.platformsAdded)
  const removed = new Set(diff.platformsRemoved)
  let size = lines.join('\n').length
  let shown = 0
  for (const p of diff.platforms) {
    const section = platformSection(p, added.has(p.platform), removed.has(p.platform))
    const text = section.join('\n')
    if (size + text.length > BUDGET) break
    lines.push(...section)
    size += text.length + 1
    shown++
  }
  if (shown < diff.platforms.length)
    lines.push(`… and ${diff.platforms.length - shown} more platforms`, '')

  lines.push('#### Tags a release would write', '')
  lines.push(...list(input.tags, 'none'))
  lines.push('#### Gates a promotion would face', '')
  lines.push(...list(input.gates, 'none'))

  if (input.reproducible) {
    const digests = input.reproducible.ok
      ? [...new Set(input.reproducible.digests)]
      : input.reproducible.digests
    const ds = digests
      .slice(0, 10)
      .map((d) => `\`${cell(d)}\``)
      .join(', ')
    lines.push(
      input.reproducible.ok
        ? `**Reproducible:** yes — the builds gave ${ds}`
        : `**Reproducible:** no — the builds gave different digests: ${ds}`,
      '',
    )
  }
  return lines.join('\n')
}
