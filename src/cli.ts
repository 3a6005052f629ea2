/**
 * The `immutable-release` command: the action's second door. Flags are the action's input names
 * from the command registry (inputs.ts), read through the same config.ts; outputs go to stdout
 * (`name=value` lines, a table, or `--json`), and everything else to stderr, so stdout can be piped.
 * `help` and `--version` load nothing but the registry: commands and their modules load on demand.
 */
import pkg from '../package.json' with { type: 'json' }
import { booleanWord, readConfig, secretsOf } from './config.js'
import { describeError, isUserError, ReleaseError, UserError } from './errors.js'
import { CLI_FLAGS, commandHelp, overview, PROGRAM } from './help.js'
import {
  BOOLEAN_INPUTS,
  COMMANDS,
  INPUT_NAMES,
  isCommand,
  isInputName,
  MULTI_VALUE_INPUTS,
  outputSpec,
  unusedInputs,
  type Command,
} from './inputs.js'
import { consoleLogger, type ConsoleLogger } from './logger.js'
import { liveProgress } from './progress.js'
import { githubServices } from './github/services.js'

type CliFlag = keyof typeof CLI_FLAGS

/** Words that are not commands but answer on their own. */
const META_COMMANDS = ['help', 'version'] as const

export const EXIT = { ok: 0, failed: 1, usage: 2, drift: 3 } as const

/** The command line itself is wrong (exit 2), as opposed to an input's value (exit 1). */
export class UsageError extends UserError {}

export interface ParsedArgs {
  command?: string
  /** `help <topic>`. */
  topic?: string
  /** Input name -> raw value, as an InputSource would return it; includes `command`. */
  inputs: Map<string, string>
  json: boolean
  debug: boolean
  help: boolean
  version: boolean
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const inputs = new Map<string, string>()
  const cli: Record<CliFlag, boolean> = { json: false, debug: false, help: false, version: false }
  const positionals: string[] = []

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h') {
      cli.help = true
      continue
    }
    if (!arg.startsWith('-') || arg === '-') {
      // Only `help` takes a second word: the command to describe.
      if (positionals.length > 0 && !(positionals[0] === 'help' && positionals.length === 1)) {
        throw new UsageError(
          'INPUT_INVALID',
          `unexpected argument '${arg}' after '${positionals.join(' ')}'`,
          {
            input: 'command',
            valid: 'one command, then flags',
            hint: 'a value needs its flag, e.g. --tags latest',
          },
        )
      }
      positionals.push(arg)
      continue
    }
    if (!arg.startsWith('--')) throw unknownFlag(arg)

    const body = arg.slice(2)
    const eq = body.indexOf('=')
    const name = eq < 0 ? body : body.slice(0, eq)
    const inline = eq < 0 ? undefined : body.slice(eq + 1)

    if (Object.hasOwn(CLI_FLAGS, name)) {
      if (inline !== undefined) {
        throw new UsageError('INPUT_INVALID', `flag '--${name}' takes no value`, {
          valid: `--${name} on its own`,
        })
      }
      cli[name as CliFlag] = true
      continue
    }
    if (!isInputName(name)) throw unknownFlag(arg)

    let value = inline
    if (value === undefined && BOOLEAN_INPUTS.has(name)) {
      // A bare boolean flag means true; `--keyless false` still reads its word.
      const next = argv[i + 1]
      // `--require-signature maybe` is a wrong word for this flag, not a stray argument.
      if (
        next !== undefined &&
        !next.startsWith('-') &&
        booleanWord(next) === undefined &&
        !(COMMANDS as readonly string[]).includes(next)
      ) {
        throw new UsageError('INPUT_INVALID', `'${next}' is not a boolean`, {
          input: name,
          valid: `--${name} alone (true), or followed by true, false, yes, no, 1 or 0`,
        })
      }
      value = next !== undefined && booleanWord(next) !== undefined ? argv[++i]! : 'true'
    } else if (value === undefined) {
      const next = argv[i + 1]
      // PEM text given inline (`--signing-key "$(cat cosign.key)"`) starts with dashes too.
      if (next === undefined || (next.startsWith('--') && !next.startsWith('-----BEGIN'))) {
        throw new UsageError('INPUT_INVALID', `flag '--${name}' needs a value`, {
          input: name,
          valid: `--${name} VALUE or --${name}=VALUE`,
        })
      }
      value = next
      i++
    }

    const previous = inputs.get(name)
    if (previous === undefined) {
      inputs.set(name, value)
    } else if (MULTI_VALUE_INPUTS.has(name)) {
      inputs.set(name, `${previous}\n${value}`)
    } else {
      throw new UsageError('INPUT_INVALID', 'is given more than once', {
        input: name,
        valid: `one --${name}`,
      })
    }
  }

  const [positional, topic] = positionals
  const flagged = inputs.get('command')
  if (positional !== undefined && flagged !== undefined && flagged !== positional) {
    throw new UsageError('INPUT_INVALID', `'${flagged}' differs from the command '${positional}'`, {
      input: 'command',
      valid: 'the command as the first argument, or --command, not two different ones',
    })
  }
  const command = positional ?? flagged
  if (command !== undefined) inputs.set('command', command)
  return { command, topic, inputs, ...cli }
}

/** `name=value` lines; multi-line values as `name<<DELIM` blocks, as GITHUB_OUTPUT takes them. */
export function formatOutputs(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!value.includes('\n') && !value.includes('\r')) return `${name}=${value}\n`
      const lines = new Set(value.split(/\r?\n/))
      let delimiter = 'EOF'
      for (let n = 1; lines.has(delimiter); n++) delimiter = `EOF_${n}`
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`
    })
    .join('')
}

/**
 * The outputs as one object with real values: lists as arrays, booleans as booleans and JSON
 * outputs nested, as the registry types them; the action gets the same outputs as strings.
 */
export function jsonOutputs(outputs: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(outputs)) {
    const type = outputSpec(name)?.type ?? 'string'
    if (type === 'boolean' && (value === 'true' || value === 'false')) out[name] = value === 'true'
    else if (type === 'list') out[name] = value.split('\n').filter((line) => line !== '')
    else if (type === 'json' && value !== '') out[name] = JSON.parse(value) as unknown
    else out[name] = value
  }
  return out
}

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
}

/** Runs one invocation; sets process.exitCode (see EXIT) on failure and never throws. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<void> {
  let logger = cliLogger(io, io.env.RUNNER_DEBUG === '1')
  try {
    const args = parseArgs(argv)
    if (args.debug) logger = cliLogger(io, true)
    if (argv.length === 0) {
      await write(io.stderr, overview(pkg.version))
      process.exitCode = EXIT.usage
      return
    }
    if (args.version || args.command === 'version') {
      await write(io.stdout, `${pkg.version}\n`)
      return
    }
    if (args.command === 'help' || args.help) {
      const topic = args.command === 'help' ? args.topic : args.command
      await write(
        io.stdout,
        topic === undefined ? overview(pkg.version) : commandHelp(commandOf(topic)),
      )
      return
    }
    if (args.command !== undefined) commandOf(args.command)
    const command = (args.command ?? 'release') as Command
    for (const { name, commands } of unusedInputs(command, (name) => args.inputs.get(name))) {
      logger.warning(`--${name} is not used by ${command}; it is for ${commands.join(', ')}`)
    }

    const config = readConfig((name) => args.inputs.get(name), io.env)
    logger.addSecrets(secretsOf(config))
    const { runCommand } = await import('./commands/index.js')
    const result = await runCommand(config, {
      logger,
      env: io.env,
      mask: (value) => logger.addSecrets([value]),
      ...githubServices,
    })
    await write(
      io.stdout,
      args.json
        ? `${JSON.stringify(jsonOutputs(result.outputs), null, 2)}\n`
        : (result.text ?? formatOutputs(result.outputs)),
    )
    if (result.failure) {
      logger.error(result.failure)
      process.exitCode = EXIT.failed
    }
  } catch (e) {
    logger.error(describeError(e))
    if (!isUserError(e) && e instanceof Error && e.stack) logger.debug(e.stack)
    process.exitCode = exitCodeOf(e)
  }
}

/** The console logger, with a live progress line when stderr is a terminal. */
function cliLogger(io: CliIo, debug: boolean): ConsoleLogger {
  const logger = consoleLogger({ stream: io.stderr, debug })
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true
  return tty ? { ...logger, progress: (task) => liveProgress(task, io.stderr) } : logger
}

export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT.usage
  if (e instanceof ReleaseError && e.code === 'DRIFT') return EXIT.drift
  return EXIT.failed
}

/** The command a word names; anything else is a usage error listing the valid ones. */
function commandOf(word: string): Command {
  if (isCommand(word)) return word
  const closest = closestName(word, [...COMMANDS, ...META_COMMANDS])
  throw new UsageError(
    'INPUT_INVALID',
    `unknown command '${word}'${closest ? `; did you mean '${closest}'?` : ''}`,
    {
      input: 'command',
      valid: [...COMMANDS, ...META_COMMANDS].join(', '),
      hint: `${PROGRAM} help lists what each command does`,
    },
  )
}

function unknownFlag(arg: string): UsageError {
  const name = arg.replace(/^-+/, '').split('=', 1)[0]!
  const known = [...INPUT_NAMES, ...Object.keys(CLI_FLAGS)]
  const closest = closestName(name, known)
  return new UsageError(
    'INPUT_INVALID',
    `unknown flag '${arg.split('=', 1)[0]}'${closest ? `; did you mean '--${closest}'?` : ''}`,
    { hint: `${PROGRAM} help <command> lists its flags` },
  )
}

/** The known name nearest by edit distance, when it is near enough to be a typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + cost)
    }
    row = next
  }
  return row[b.length]!
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (e?: Error | null) => (e ? reject(e) : resolve()))
  })
}
