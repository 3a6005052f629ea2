import { tmpdir } from 'node:os'
import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import { inputsOf } from '../inputs.js'
import type { Logger } from '../logger.js'
import { networkBound, withNetwork } from '../oci/network.js'
import { withRunFolder } from '../run-temp.js'
import type { StoreAttestation } from '../github/attestations.js'
import type { OpenGitHubHistory } from '../github/compare.js'
import type { CommandContext, CommandResult } from './context.js'
import { credentialsFor } from './target.js'

export type { CommandContext, CommandResult }

export interface RunOptions {
  logger: Logger
  env?: NodeJS.ProcessEnv
  cwd?: string
  mask?: (value: string) => void
  /** GitHub's attestations API; the entry points pass src/github/services.ts's. */
  storeAttestation?: StoreAttestation
  /** GitHub's history API; the entry points pass src/github/services.ts's. */
  githubHistory?: OpenGitHubHistory
}

export async function runCommand(config: Config, options: RunOptions): Promise<CommandResult> {
  const env = options.env ?? process.env
  const ctx: CommandContext = {
    logger: options.logger,
    env,
    cwd: options.cwd ?? process.cwd(),
    mask: options.mask ?? (() => {}),
    credentials: credentialsFor(config, { env }),
    storeAttestation: options.storeAttestation,
    githubHistory: options.githubHistory,
  }
  ctx.logger.debug(`command: ${config.command}`)
  // Every registry client the command opens (target, base image, merge sources) shares these.
  const network = {
    timeoutMs: config.networkTimeoutMs,
    ca: config.registryCa,
    onRetry: (message: string) => ctx.logger.info(message),
  }
  // Only a command that speaks to a registry takes network-timeout, and only it has a bound.
  if (inputsOf(config.command).some((i) => i.name === 'network-timeout')) {
    ctx.logger.info(networkBound(network))
  }
  // Every temp file of the run lives in one folder, removed at the end and on signals.
  return withRunFolder(env.RUNNER_TEMP || tmpdir(), (dir) => {
    ctx.tmpdir = dir
    return withNetwork(network, () => dispatch(config, ctx))
  })
}

async function dispatch(config: Config, ctx: CommandContext): Promise<CommandResult> {
  // Commands load on demand: a promote never pays for loading the builders or the keyless signer.
  switch (config.command) {
    case 'release':
      return (await import('./release.js')).release(config, ctx)
    case 'verify':
      return (await import('./verify.js')).verify(config, ctx)
    case 'promote':
      return (await import('./environments.js')).promote(config, ctx)
    case 'rollback':
      return (await import('./environments.js')).rollback(config, ctx)
    case 'status':
      return (await import('./environments.js')).status(config, ctx)
    case 'hold':
      return (await import('./environments.js')).hold(config, ctx)
    case 'unhold':
      return (await import('./environments.js')).unhold(config, ctx)
    case 'mark-bad':
      return (await import('./environments.js')).markBad(config, ctx)
    case 'generate-key':
      return (await import('./generate-key.js')).generateKey(config, ctx)
    case 'merge':
      return (await import('./merge.js')).merge(config, ctx)
    case 'check':
      return (await import('./check.js')).check(config, ctx)
    case 'scan':
      return (await import('./scan.js')).scan(config, ctx)
    default:
      return unreachable(config.command)
  }
}

/** Makes the compiler list a command that the switch forgot. */
function unreachable(command: never): never {
  throw new UserError('INPUT_INVALID', `unknown command '${String(command)}'`, { input: 'command' })
}
