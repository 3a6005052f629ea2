/**
 * The `immutable-release` command: the action's second door. Flags are the action's input names,
 * read through the same config.ts; outputs go to stdout (`name=value` lines or `--json`), and
 * everything else to stderr, so stdout can be piped.
 */
import pkg from '../package.json' with { type: 'json' }
import { runCommand } from './commands/index.js'
import {
  BUILDERS,
  PIN_BASE_MODES,
  SIGNATURE_FORMATS,
  booleanWord,
  readConfig,
  secretsOf,
} from './config.js'
import { describeError, isUserError, UserError } from './errors.js'
import { BOOLEAN_INPUTS, COMMANDS, INPUT_NAMES, isInputName, MULTI_VALUE_INPUTS } from './inputs.js'
import { consoleLogger } from './logger.js'

/** Flags of the CLI alone; they take no value. */
const CLI_FLAGS = {
  json: 'print outputs as one JSON object',
  debug: 'print debug messages',
  help: 'print this help',
  version: 'print the version',
} as const
type CliFlag = keyof typeof CLI_FLAGS

const CHOICES: Partial<Record<string, readonly string[]>> = {
  command: COMMANDS,
  builder: BUILDERS,
  'signature-format': SIGNATURE_FORMATS,
  'pin-base': PIN_BASE_MODES,
}

export interface ParsedArgs {
  command?: string
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
  let positional: string | undefined

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h') {
      cli.help = true
      continue
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (positional !== undefined) {
        throw new UserError('INPUT_INVALID', `unexpected argument '${arg}' after '${positional}'`, {
          input: 'command',
          valid: 'one command, then flags',
          hint: 'a value needs its flag, e.g. --tags latest',
        })
      }
      positional = arg
      continue
    }
    if (!arg.startsWith('--')) throw unknownFlag(arg)

    const body = arg.slice(2)
    const eq = body.indexOf('=')
    const name = eq < 0 ? body : body.slice(0, eq)
    const inline = eq < 0 ? undefined : body.slice(eq + 1)

    if (Object.hasOwn(CLI_FLAGS, name)) {
      if (inline !== undefined) {
        throw new UserError('INPUT_INVALID', `flag '--${name}' takes no value`, {
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
      value = next !== undefined && booleanWord(next) !== undefined ? argv[++i]! : 'true'
    } else if (value === undefined) {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) {
        throw new UserError('INPUT_INVALID', `flag '--${name}' needs a value`, {
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
      throw new UserError('INPUT_INVALID', 'is given more than once', {
        input: name,
        valid: `one --${name}`,
      })
    }
  }

  const flagged = inputs.get('command')
  if (positional !== undefined && flagged !== undefined && flagged !== positional) {
    throw new UserError('INPUT_INVALID', `'${flagged}' differs from the command '${positional}'`, {
      input: 'command',
      valid: 'the command as the first argument, or --command, not two different ones',
    })
  }
  const command = positional ?? flagged
  if (command !== undefined) inputs.set('command', command)
  return { command, inputs, ...cli }
}

export function usage(): string {
  const width = Math.max(...INPUT_NAMES.map((n) => n.length)) + 10
  const line = (flag: string, note: string) => `  ${flag.padEnd(width)}${note}`.trimEnd()
  const inputs = INPUT_NAMES.map((name) => {
    if (BOOLEAN_INPUTS.has(name)) return line(`--${name}`, '[=true|false]')
    const choices = CHOICES[name]
    if (choices) return line(`--${name} VALUE`, choices.join(' | '))
    return line(`--${name} VALUE`, MULTI_VALUE_INPUTS.has(name) ? '(repeatable)' : '')
  })
  const own = Object.entries(CLI_FLAGS).map(([name, note]) =>
    line(name === 'help' ? '-h, --help' : `--${name}`, note),
  )
  return [
    'Usage: immutable-release <command> [--name value | --name=value | --flag]...',
    '',
    `Commands: ${COMMANDS.join(', ')} (default: release)`,
    '',
    'Flags: the action inputs, with the same names and values (see action.yml):',
    ...inputs,
    '',
    'Of the command line only:',
    ...own,
    '',
    'Outputs go to stdout as name=value lines (or one JSON object with --json); logs go to stderr.',
    '',
  ].join('\n')
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

export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
}

/** Runs one invocation; sets process.exitCode to 1 on failure and never throws. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<void> {
  let logger = consoleLogger({ stream: io.stderr, debug: io.env.RUNNER_DEBUG === '1' })
  try {
    const args = parseArgs(argv)
    if (args.debug) logger = consoleLogger({ stream: io.stderr, debug: true })
    if (args.help || argv.length === 0) {
      await write(args.help ? io.stdout : io.stderr, usage())
      if (!args.help) process.exitCode = 1
      return
    }
    if (args.version) {
      await write(io.stdout, `${pkg.version}\n`)
      return
    }
    const config = readConfig((name) => args.inputs.get(name), io.env)
    logger.addSecrets(secretsOf(config))
    const result = await runCommand(config, {
      logger,
      env: io.env,
      mask: (value) => logger.addSecrets([value]),
    })
    await write(
      io.stdout,
      args.json ? `${JSON.stringify(result.outputs)}\n` : formatOutputs(result.outputs),
    )
  } catch (e) {
    logger.error(describeError(e))
    if (!isUserError(e) && e instanceof Error && e.stack) logger.debug(e.stack)
    process.exitCode = 1
  }
}

function unknownFlag(arg: string): UserError {
  const name = arg.replace(/^-+/, '').split('=', 1)[0]!
  const known = [...INPUT_NAMES, ...Object.keys(CLI_FLAGS)]
  const closest = closestName(name, known)
  return new UserError(
    'INPUT_INVALID',
    `unknown flag '${arg.split('=', 1)[0]}'${closest ? `; did you mean '--${closest}'?` : ''}`,
    { hint: 'immutable-release --help lists every flag' },
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

/**
 * Ends the process once stdout and stderr are flushed (a pipe may still hold the last lines), so
 * that a keep-alive socket cannot keep it alive after the work is done.
 */
export async function finish(): Promise<void> {
  try {
    await Promise.all([write(process.stdout, ''), write(process.stderr, '')])
  } finally {
    process.exit(process.exitCode ?? 0)
  }
}
