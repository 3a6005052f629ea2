/**
 * `scan`: every environment's current and previous image (or the image the input names) matched
 * against OSV advisories through its SBOM, read from the registry and nowhere else: nothing that
 * runs the images is touched. For each finding in a current image it names the way out: the
 * newest image of the environment's history without it (a rollback), else the fixed version a
 * new release needs.
 */
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import { cell, code } from '../markdown.js'
import { selectorOf } from '../oci/reference.js'
import type { Store } from '../oci/store.js'
import type { GateRefusal } from '../release/environment.js'
import type { BadMark, EnvironmentState } from '../release/environment-types.js'
import { imageSbom, type ImageSbom } from '../sbom/image-sbom.js'
import { AdvisoryIndex, type Finding, type ScanPackage } from '../sbom/osv.js'
import { loadAdvisoriesFromApi } from '../sbom/osv-api.js'
import { loadAdvisoryFiles } from '../sbom/osv-files.js'
import { sarifLog } from '../sbom/sarif.js'
import { severityRank, type Severity } from '../sbom/severity.js'
import type { CommandContext, CommandResult } from './context.js'
import {
  ledgerEnvironments,
  openLedger,
  readEnvironment,
  readGlobalBad,
  stateFromTags,
} from './ledger-access.js'
import { describeTarget, imageReference, openTarget, resolveImage } from './target.js'

export const SARIF_FILE = 'immutable-release-scan.sarif'

export interface WayOut {
  /** rollback: an image of the history without the finding; release: none has it fixed. */
  kind: 'rollback' | 'release'
  digest?: string
  command?: string
  /** The version (of the advisory's package) a new image needs. */
  fixed?: string
  /** The package comes from the base image's package database: the base must move. */
  base?: boolean
  text: string
}

export type ScanFinding = Finding & { wayOut?: WayOut }

export interface ScannedImage {
  environment?: string
  role: 'current' | 'previous' | 'image'
  digest: string
  image: string
  sbom: ImageSbom['platforms']
  findings: ScanFinding[]
  /** Findings left out by `ignore-advisories`. */
  ignored: number
}

/** Advisories from every source of the input; the API is asked only about packages not yet asked. */
class Advisories {
  readonly index = new AdvisoryIndex()
  private readonly asked = new Set<string>()

  constructor(
    private readonly config: Config,
    private readonly ctx: CommandContext,
  ) {}

  async loadFiles(): Promise<void> {
    for (const source of this.config.advisories) {
      if (source.kind !== 'files') continue
      const report = await loadAdvisoryFiles(
        resolve(this.ctx.cwd, source.path),
        source.path,
        this.index,
      )
      this.ctx.logger.info(`advisories: ${report.added} from ${source.path}`)
      if (report.skipped.length) {
        this.ctx.logger.warning(
          `advisories: ${report.skipped.length} file(s) in ${source.path} are not OSV advisories, e.g. ${report.skipped[0]}`,
        )
      }
    }
  }

  async cover(packages: ScanPackage[]): Promise<void> {
    const fresh = packages.filter((p) => !this.asked.has(p.purl))
    if (!fresh.length) return
    for (const p of fresh) this.asked.add(p.purl)
    for (const source of this.config.advisories) {
      if (source.kind !== 'api') continue
      const r = await loadAdvisoriesFromApi(source.url, fresh, this.index)
      this.ctx.logger.info(
        `advisories: ${source.url} asked about ${r.queries} package(s), ${r.fetched} advisory(ies) fetched`,
      )
    }
  }
}

/** The findings of images, each image's SBOM read once. */
export class Scanner {
  readonly advisories: Advisories
  private readonly sboms = new Map<string, Promise<ImageSbom>>()
  private readonly ignores: { id: string; reason: string; hits: number }[]

  constructor(
    private readonly config: Config,
    private readonly ctx: CommandContext,
    private readonly store: Store,
  ) {
    this.advisories = new Advisories(config, ctx)
    this.ignores = config.ignoreAdvisories.map((i) => ({ ...i, hits: 0 }))
  }

  sbom(digest: string): Promise<ImageSbom> {
    let found = this.sboms.get(digest)
    if (!found) {
      const repository = describeTarget(this.config)
      found = imageSbom(this.store, repository, digest)
      this.sboms.set(digest, found)
    }
    return found
  }

  /** An image's findings, without the ignored ones (counted per ignore entry). */
  async scan(digest: string): Promise<{ sbom: ImageSbom; findings: Finding[]; ignored: number }> {
    const sbom = await this.sbom(digest)
    await this.advisories.cover(sbom.packages)
    const all = this.advisories.index.match(sbom.packages)
    const findings: Finding[] = []
    for (const f of all) {
      const ignore = this.ignores.find((i) => i.id === f.id || f.aliases.includes(i.id))
      if (ignore) ignore.hits++
      else findings.push(f)
    }
    findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.id, b.id))
    return { sbom, findings, ignored: all.length - findings.length }
  }

  warn(message: string): void {
    this.ctx.logger.warning(message)
  }

  logIgnores(): void {
    for (const i of this.ignores) {
      this.ctx.logger.info(
        `ignore-advisories: ${i.id} (${i.hits} finding(s) left out): ${i.reason}`,
      )
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const findingKey = (f: Finding) => `${f.id}\u0000${f.purl.replace(/@.*$/, '')}`

/** Findings at or above the threshold (`none` holds none). */
export function atOrAbove(findings: Finding[], threshold: Severity | 'none'): Finding[] {
  if (threshold === 'none') return []
  return findings.filter((f) => severityRank(f.severity) >= severityRank(threshold))
}

/**
 * For each finding of the current image: the newest image of the history (the retained previous
 * included) that does not have it and is not marked bad (here or everywhere), else what a new
 * release needs: a rollback scan suggests is one rollback would accept.
 */
async function waysOut(
  config: Config,
  scanner: Scanner,
  env: string,
  state: EnvironmentState,
  globalBad: BadMark[],
  findings: Finding[],
): Promise<ScanFinding[]> {
  const current = state.current?.digest
  const bad = new Set([...state.bad, ...globalBad].map((b) => b.digest))
  const candidates = [
    ...new Set(
      [...(state.previous ? [state.previous] : []), ...state.history]
        .sort((a, b) => cmp(b.at, a.at))
        .map((p) => p.digest),
    ),
  ].filter((d) => d !== current && !bad.has(d))
  const found = new Map<string, Set<string> | undefined>()
  const keysOf = async (digest: string) => {
    if (!found.has(digest)) {
      try {
        found.set(digest, new Set((await scanner.scan(digest)).findings.map(findingKey)))
      } catch (e) {
        scanner.warn(
          `${env}: ${digest} of the history could not be scanned: ${(e as Error).message}`,
        )
        found.set(digest, undefined)
      }
    }
    return found.get(digest)
  }
  const out: ScanFinding[] = []
  for (const f of findings) {
    let wayOut: WayOut | undefined
    for (const digest of candidates) {
      const keys = await keysOf(digest)
      if (keys && !keys.has(findingKey(f))) {
        const command = `immutable-release rollback --image ${describeTarget(config)} --environment ${env} --to ${digest}`
        wayOut = { kind: 'rollback', digest, command, text: `roll back: ${command}` }
        break
      }
    }
    wayOut ??= releaseWayOut(f, candidates.length)
    out.push({ ...f, wayOut })
  }
  return out
}

function releaseWayOut(f: Finding, history: number): WayOut {
  const none = history
    ? 'no image in the history is free of it'
    : 'there is no other image in the history'
  const base = f.purl.startsWith('pkg:deb/') || f.purl.startsWith('pkg:apk/')
  const need = f.fixed
    ? `${f.advisoryPackage} ${f.fixed} or later`
    : `a fixed ${f.advisoryPackage} (none is published yet)`
  const text = base
    ? `${none}; ${f.package} comes from the base image's package database${f.layers[0] ? ` (layer ${f.layers[0]})` : ''}: the base must move to one with ${need}, then release`
    : `${none}; release with ${need}`
  return { kind: 'release', ...(f.fixed ? { fixed: f.fixed } : {}), base, text }
}

function table(findings: ScanFinding[]): string[] {
  if (!findings.length) return ['No findings.', '']
  return [
    '| advisory | aliases | package | installed | fixed | severity | way out |',
    '|---|---|---|---|---|---|---|',
    ...findings.map(
      (f) =>
        `| ${cell(f.id)} | ${cell(f.aliases.join(', '))} | ${cell(f.package)}${f.advisoryPackage !== f.package ? ` (${cell(f.advisoryPackage)})` : ''} | ${code(f.installed)} | ${f.fixed ? code(f.fixed) : 'none'} | ${f.severity}${f.score !== undefined ? ` ${f.score}` : ''} | ${f.wayOut ? (f.wayOut.command ? code(f.wayOut.command) : cell(f.wayOut.text)) : ''} |`,
    ),
    '',
  ]
}

export async function scan(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const store = await openTarget(config, ctx)
  const scanner = new Scanner(config, ctx, store)
  await scanner.advisories.loadFiles()
  const images: ScannedImage[] = []
  const add = async (
    role: ScannedImage['role'],
    digest: string,
    at?: { environment: string; state: EnvironmentState; globalBad: BadMark[] },
  ) => {
    const r = await scanner.scan(digest)
    const environment = at?.environment
    const findings =
      role === 'current' && at
        ? await waysOut(config, scanner, at.environment, at.state, at.globalBad, r.findings)
        : r.findings
    images.push({
      ...(environment ? { environment } : {}),
      role,
      digest,
      image: imageReference(config, digest),
      sbom: r.sbom.platforms,
      findings,
      ignored: r.ignored,
    })
    const built = r.sbom.platforms.filter((p) => p.from === 'layers').length
    ctx.logger.info(
      `${environment ? `${environment} ${role}` : 'image'} ${digest}: ${r.sbom.packages.length} package(s)${built ? ` (SBOM built from the layers for ${built} platform(s))` : ''}, ${findings.length} finding(s)`,
    )
  }

  const { tag, digest } = selectorOf(config.image)
  if (tag !== undefined || digest !== undefined) {
    const found = await resolveImage(config, store, ctx)
    await add('image', found!.digest)
  } else {
    const opened = await openLedger(config, ctx)
    if (!opened && !config.environment) {
      throw new UserError('INPUT_MISSING', 'is required when there is no ledger', {
        input: 'environment',
        valid: 'an environment name, or a ledger, or an image with a :tag or @digest',
      })
    }
    try {
      const names = config.environment
        ? [config.environment]
        : (await ledgerEnvironments(opened!.ledger)).sort()
      const globalBad = await readGlobalBad(opened?.ledger)
      for (const environment of names) {
        const state = opened
          ? await readEnvironment(opened.ledger, environment)
          : await stateFromTags(store, environment)
        if (!state.current) {
          ctx.logger.info(`${environment}: nothing deployed, nothing to scan`)
          continue
        }
        const at = { environment, state, globalBad }
        await add('current', state.current.digest, at)
        if (state.previous) await add('previous', state.previous.digest, at)
      }
    } finally {
      await opened?.close()
    }
  }
  scanner.logIgnores()

  const current = images.filter((i) => i.role !== 'previous')
  const subjects = current.map((i) => ({
    label: i.environment ?? i.image,
    image: i.image,
    findings: i.findings.map((f) => ({ ...f, wayOut: f.wayOut?.text })),
  }))
  const sarif = join(ctx.env.RUNNER_TEMP || ctx.cwd, SARIF_FILE)
  await writeFile(sarif, `${JSON.stringify(sarifLog(subjects), null, 2)}\n`)

  const failing = current.flatMap((i) => atOrAbove(i.findings, config.failOnSeverity))
  const summary = [`### Vulnerabilities in \`${cell(describeTarget(config))}\``, '']
  for (const i of images) {
    summary.push(
      `#### ${i.environment ? `${cell(i.environment)} (${i.role})` : 'image'}: ${code(i.digest)}`,
      '',
      ...(i.role === 'previous' ? [`${i.findings.length} finding(s).`, ''] : table(i.findings)),
    )
  }
  if (failing.length) {
    summary.push(
      `**${failing.length} finding(s) at or above ${config.failOnSeverity}** (fail-on-severity).`,
    )
  }
  return {
    outputs: {
      environments: [...new Set(images.flatMap((i) => i.environment ?? []))].join('\n'),
      findings: JSON.stringify(images),
      sarif,
    },
    summary: summary.join('\n'),
    ...(failing.length
      ? {
          failure: `${failing.length} finding(s) at or above ${config.failOnSeverity}: ${[...new Set(failing.map((f) => f.id))].slice(0, 10).join(', ')}`,
        }
      : {}),
  }
}

/**
 * promote's gate `vulnerabilities`: the target's findings at or above `fail-on-severity` refuse
 * it. A rollback only warns: it is the way out of a bad image, not the place to stop.
 */
export async function vulnerabilityGate(
  config: Config,
  ctx: CommandContext,
  store: Store,
  command: 'promote' | 'rollback',
  digest: string,
): Promise<GateRefusal | undefined> {
  const scanner = new Scanner(config, ctx, store)
  await scanner.advisories.loadFiles()
  const { findings } = await scanner.scan(digest)
  scanner.logIgnores()
  const over = atOrAbove(findings, config.failOnSeverity)
  const list = over.map((f) => `${f.id} (${f.severity}) in ${f.package} ${f.installed}`)
  if (!over.length) {
    ctx.logger.info(
      `gate ok  vulnerabilities: ${findings.length} finding(s), none at or above ${config.failOnSeverity}`,
    )
    return undefined
  }
  if (command === 'rollback') {
    for (const item of list) ctx.logger.warning(`rollback target ${digest}: ${item}`)
    return undefined
  }
  return {
    gate: 'vulnerabilities',
    message: `${digest} has ${over.length} finding(s) at or above ${config.failOnSeverity}: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}`,
  }
}
