import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import type { Command } from '../inputs.js'
import type { Logger } from '../logger.js'
import type { Credentials } from '../oci/auth.js'
import { credentialsFor } from './target.js'

/** What a command hands back: the entries print outputs and the summary; commands never do. */
export interface CommandResult {
  outputs: Record<string, string>
  /** Markdown for the job summary (the action) or nothing (the CLI). */
  summary: string
}

/** What commands may use of the world: no command reads process.env or the cwd itself. */
export interface CommandContext {
  logger: Logger
  env: NodeJS.ProcessEnv
  cwd: string
  tmpdir?: string
  /** Registers a secret derived at run time (a registry token) so it never shows in logs. */
  mask: (value: string) => void
  credentials: (registry: string) => Promise<Credentials | undefined>
}

export interface RunOptions {
  logger: Logger
  env?: NodeJS.ProcessEnv
  cwd?: string
  mask?: (value: string) => void
}

export async function runCommand(config: Config, options: RunOptions): Promise<CommandResult> {
  const env = options.env ?? process.env
  const ctx: CommandContext = {
    logger: options.logger,
    env,
    cwd: options.cwd ?? process.cwd(),
    mask: options.mask ?? (() => {}),
    credentials: credentialsFor(config, { env }),
  }
  ctx.logger.debug(`command: ${config.command}`)
  // One line per command as each one lands.
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
    case 'check':
    case 'merge':
      throw notAvailable(config.command)
    default:
      return unreachable(config.command)
  }
}

function notAvailable(command: Command): UserError {
  return new UserError('INPUT_INVALID', `command '${command}' is not available in this version`, {
    input: 'command',
    hint: 'it lands with a later release of this action',
  })
}

/** Makes the compiler list a command that the switch forgot. */
function unreachable(command: never): never {
  throw new UserError('INPUT_INVALID', `unknown command '${String(command)}'`, { input: 'command' })
}
