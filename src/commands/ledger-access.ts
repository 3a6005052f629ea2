import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Config } from '../config.js'
import { ReleaseError, UserError } from '../errors.js'
import { emptyEnvironment, parseEnvironment, serializeEnvironment } from '../release/environment.js'
import type { BadMark, EnvironmentState, Placement } from '../release/environment-types.js'
import { environmentPath, Ledger } from '../release/ledger.js'
import type { Store } from '../oci/store.js'
import { checkLedgerBranch } from '../release/names.js'
import { actor } from './actor.js'
import type { CommandContext } from './context.js'
import { eventFacts } from '../event.js'

const run = promisify(execFile)

export { actor }

/**
 * Where the ledger lives: the `ledger` input; in Actions this repository (with the workflow
 * token); elsewhere the git repository of the working folder. Undefined for `ledger: none`.
 */
async function ledgerUrl(
  config: Config,
  ctx: CommandContext,
): Promise<{ url: string; token?: string } | undefined> {
  if (config.ledger === 'none') return undefined
  if (config.ledger) {
    // The workflow token is for this GitHub; another host named as the ledger never receives it.
    const github = new URL(ctx.env.GITHUB_SERVER_URL || 'https://github.com').host
    const host = /^https?:\/\//.test(config.ledger) ? new URL(config.ledger).host : undefined
    return { url: config.ledger, token: host === github ? config.githubToken : undefined }
  }
  if (ctx.env.GITHUB_ACTIONS === 'true' && ctx.env.GITHUB_REPOSITORY) {
    checkLedgerBranch(config.ledgerBranch, await actionsBranches(ctx.env))
    const server = ctx.env.GITHUB_SERVER_URL || 'https://github.com'
    return { url: `${server}/${ctx.env.GITHUB_REPOSITORY}.git`, token: config.githubToken }
  }
  let url: string
  try {
    const { stdout } = await run('git', ['-C', ctx.cwd, 'rev-parse', '--show-toplevel'], {
      env: { ...ctx.env, LC_ALL: 'C' },
    })
    url = stdout.trim()
  } catch (e) {
    throw new UserError(
      'INPUT_MISSING',
      'names no ledger, and the working folder is not a git repository',
      {
        input: 'ledger',
        valid:
          'a git URL or path (a bare repository works), or none to keep only the registry tags',
        cause: e,
      },
    )
  }
  checkLedgerBranch(config.ledgerBranch, await localBranches(url, ctx.env))
  return { url }
}

/** The ledger is this repository: its default branch and the one this run is on are taken. */
async function actionsBranches(env: NodeJS.ProcessEnv): Promise<{ branch: string; why: string }[]> {
  const taken: { branch: string; why: string }[] = []
  if (env.GITHUB_REF?.startsWith('refs/heads/')) {
    taken.push({ branch: env.GITHUB_REF.slice(11), why: 'the branch this workflow runs on' })
  }
  // Without an event file (a local run of the action) main and master are refused anyway.
  const branch = eventFacts(env).defaultBranch
  if (branch) taken.push({ branch, why: "the repository's default branch" })
  return taken
}

async function localBranches(
  repo: string,
  env: NodeJS.ProcessEnv,
): Promise<{ branch: string; why: string }[]> {
  const symbolic = async (ref: string) => {
    try {
      const { stdout } = await run('git', ['-C', repo, 'symbolic-ref', '-q', '--short', ref], {
        env: { ...env, LC_ALL: 'C' },
      })
      return stdout.trim() || undefined
    } catch {
      return undefined // detached, or no origin/HEAD
    }
  }
  const current = await symbolic('HEAD')
  const remoteDefault = (await symbolic('refs/remotes/origin/HEAD'))?.replace(/^origin\//, '')
  return [
    ...(current ? [{ branch: current, why: "this repository's current branch" }] : []),
    ...(remoteDefault ? [{ branch: remoteDefault, why: "the repository's default branch" }] : []),
  ]
}

export interface OpenLedger {
  ledger: Ledger
  close(): Promise<void>
}

export async function openLedger(
  config: Config,
  ctx: CommandContext,
): Promise<OpenLedger | undefined> {
  const where = await ledgerUrl(config, ctx)
  if (!where) return undefined
  const workDir = await mkdtemp(join(ctx.tmpdir ?? tmpdir(), 'immutable-release-ledger-'))
  const who = actor(ctx.env)
  try {
    const ledger = await Ledger.open({
      url: where.url,
      branch: config.ledgerBranch,
      token: where.token,
      onSecret: ctx.mask,
      author: { name: who, email: `${who}@users.noreply.github.com` },
      workDir,
      ca: config.registryCa?.pem,
    })
    ctx.logger.info(`ledger: ${shownUrl(where.url)}, branch ${config.ledgerBranch}`)
    return { ledger, close: () => rm(workDir, { recursive: true, force: true }) }
  } catch (e) {
    await rm(workDir, { recursive: true, force: true })
    throw e
  }
}

export async function readEnvironment(ledger: Ledger, name: string): Promise<EnvironmentState> {
  const text = await ledger.read(environmentPath(name))
  return text === undefined ? emptyEnvironment(name) : parseEnvironment(text, name)
}

/**
 * Where placements go when they fall out of an environment file's bounded history: one
 * append-only file per environment and year, read only by `status` with `history`.
 */
export function historyFolder(env: string): string {
  environmentPath(env) // the same name rule as the environment file
  return `history/${env}`
}

// Key order of an archived placement, the same as in the environment file.
const PLACEMENT_KEYS = [
  'digest',
  'commit',
  'version',
  'at',
  'by',
  'runUrl',
  'kind',
  'rolledBackFrom',
  'reason',
]

/**
 * The files that change `before` into `after`: the environment file, and the placements its
 * bounded history dropped, appended (oldest first) to their year's history file.
 */
export async function environmentFiles(
  ledger: Ledger,
  before: EnvironmentState,
  after: EnvironmentState,
): Promise<Record<string, string>> {
  const env = after.environment
  const files: Record<string, string> = { [environmentPath(env)]: serializeEnvironment(after) }
  const kept = new Map<string, number>()
  for (const p of after.history) kept.set(lineOf(p), (kept.get(lineOf(p)) ?? 0) + 1)
  const dropped: string[] = []
  for (const p of before.history) {
    const line = lineOf(p)
    const n = kept.get(line) ?? 0
    if (n > 0) kept.set(line, n - 1)
    else dropped.push(line)
  }
  // The history is newest first; a history file reads oldest first, as it was appended.
  for (const line of dropped.reverse()) {
    const path = `${historyFolder(env)}/${yearOf(JSON.parse(line) as Placement)}.jsonl`
    files[path] ??= (await ledger.read(path)) ?? ''
    files[path] += `${line}\n`
  }
  return files
}

function lineOf(p: Placement): string {
  return JSON.stringify(p, PLACEMENT_KEYS)
}

function yearOf(p: Placement): string {
  return /^\d{4}-/.test(p.at) ? p.at.slice(0, 4) : 'undated'
}

/**
 * Brings in one round trip what a move of `env` reads: its file, the newest of its history files
 * (a move that drops a placement from the file's history appends to it) and `more`.
 */
export async function prefetchEnvironment(
  ledger: Ledger,
  env: string,
  more: string[],
): Promise<void> {
  const folder = historyFolder(env)
  const newest = (await ledger.list(folder)).filter((f) => /^\d{4}\.jsonl$/.test(f)).at(-1)
  await ledger.prefetch([environmentPath(env), ...(newest ? [`${folder}/${newest}`] : []), ...more])
}

/** The placements archived in the history files of `env`, newest first. */
export async function readArchivedHistory(ledger: Ledger, env: string): Promise<Placement[]> {
  const folder = historyFolder(env)
  const files = (await ledger.list(folder)).filter((f) => f.endsWith('.jsonl'))
  const placements: Placement[] = []
  // Oldest year first; undated.jsonl (placements whose time names no year) sorts last.
  for (const file of files.sort()) {
    const path = `${folder}/${file}`
    const lines = ((await ledger.read(path)) ?? '').split('\n')
    lines.forEach((line, i) => {
      if (line.trim() !== '') placements.push(parseArchived(line, `${path}:${i + 1}`))
    })
  }
  return placements.reverse()
}

function parseArchived(line: string, where: string): Placement {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (e) {
    value = e
  }
  const p = value as Partial<Placement> | null
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.digest !== 'string' ||
    !/^sha256:[a-f0-9]{64}$/.test(p.digest) ||
    typeof p.at !== 'string' ||
    typeof p.by !== 'string' ||
    (p.kind !== 'promote' && p.kind !== 'rollback')
  ) {
    throw new ReleaseError('LEDGER_CORRUPT', `ledger history line ${where} is not a placement`, {
      hint: `restore the file from the ledger branch's history (git log -p -- ${where.replace(/:\d+$/, '')})`,
    })
  }
  return p as Placement
}

/** A ledger URL for the log: any user name or password written into it stays out. */
function shownUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    return parsed.href
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//')
  }
}

/** The environments the ledger holds, by file name; names the rule refuses included. */
export async function ledgerEnvironments(ledger: Ledger): Promise<string[]> {
  return (await ledger.list('environments'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
}

/** With `ledger: none` the registry tags are the only state. */
export async function stateFromTags(store: Store, env: string): Promise<EnvironmentState> {
  const at = new Date(0).toISOString()
  const placement = async (tag: string): Promise<Placement | undefined> => {
    const d = await store.headManifest(tag)
    return d && { digest: d.digest, at, by: 'unknown', kind: 'promote' }
  }
  return {
    schemaVersion: 1,
    environment: env,
    current: await placement(env),
    previous: await placement(`${env}-previous`),
    history: [],
    bad: [],
  }
}

/** The ledger file of digests marked bad in every environment. */
export const GLOBAL_BAD = 'bad.json'

/** The marks of `mark-bad` without an environment: refused everywhere. */
export async function readGlobalBad(ledger: Ledger | undefined): Promise<BadMark[]> {
  const text = ledger && (await ledger.read(GLOBAL_BAD))
  if (!text) return []
  let list: unknown
  try {
    list = JSON.parse(text)
  } catch (e) {
    list = e
  }
  if (!Array.isArray(list) || !list.every((m) => typeof (m as BadMark)?.digest === 'string')) {
    throw new ReleaseError(
      'LEDGER_CORRUPT',
      `ledger file ${GLOBAL_BAD} is not a list of bad marks`,
      {
        hint: `restore it from the ledger branch's history (git log -- ${GLOBAL_BAD})`,
      },
    )
  }
  return list as BadMark[]
}
