import type { Config } from '../config.js'
import { UserError } from '../errors.js'
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
    default:
      return unreachable(config.command)
  }
}

/** Makes the compiler list a command that the switch forgot. */
function unreachable(command: never): never {
  throw new UserError('INPUT_INVALID', `unknown command '${String(command)}'`, { input: 'command' })
}
