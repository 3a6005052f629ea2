import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import { emptyEnvironment, parseEnvironment } from '../release/environment.js'
import type { EnvironmentState } from '../release/environment-types.js'
import { environmentPath, Ledger } from '../release/ledger.js'
import type { CommandContext } from './index.js'

const run = promisify(execFile)

/** Who is acting: the GitHub actor in Actions, the local user elsewhere. */
export function actor(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_ACTOR || env.USER || env.LOGNAME || 'unknown'
}

export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_RUN_ID || !env.GITHUB_REPOSITORY) return undefined
  return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
}

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
    const server = ctx.env.GITHUB_SERVER_URL || 'https://github.com'
    return { url: `${server}/${ctx.env.GITHUB_REPOSITORY}.git`, token: config.githubToken }
  }
  try {
    const { stdout } = await run('git', ['-C', ctx.cwd, 'rev-parse', '--show-toplevel'], {
      env: { ...ctx.env, LC_ALL: 'C' },
    })
    return { url: stdout.trim() }
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
    })
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
