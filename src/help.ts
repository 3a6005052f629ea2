/**
 * `help` and `help <command>`, written from the command registry (inputs.ts) alone, so that what
 * the help says and what the parser accepts cannot drift apart.
 */
import {
  COMMAND_SPECS,
  commandSpec,
  inputsOf,
  outputSpec,
  type Command,
  type InputSpec,
} from './inputs.js'

export const PROGRAM = 'immutable-release'

/** Flags of the command line alone; they take no value. */
export const CLI_FLAGS = {
  json: 'print outputs as one JSON object with nested values',
  debug: 'print debug messages',
  help: 'print the help of the command (-h too)',
  version: 'print the version',
} as const

export const EXIT_CODES = [
  '0 done',
  '1 failed (bad input, a refused gate, a registry or git error)',
  '2 usage error (unknown command or flag, a flag without its value)',
  '3 drift found by status --fail-on-drift',
] as const

const INDENT = '  '

function table(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2
  return rows.map(([left, right]) => `${INDENT}${left.padEnd(width)}${right}`.trimEnd())
}

function flagOf(input: InputSpec): string {
  if (input.type === 'boolean') return `--${input.name}[=true|false]`
  if (input.type === 'choice') return `--${input.name} ${input.choices!.join('|')}`
  if (input.type === 'list' || input.type === 'map') return `--${input.name} VALUE...`
  return `--${input.name} VALUE`
}

function noteOf(input: InputSpec): string {
  const extras: string[] = []
  if (input.default !== '' && !input.default.startsWith('${{')) {
    extras.push(`default: ${input.default}`)
  }
  if (input.type === 'list' || input.type === 'map') extras.push('repeatable')
  return extras.length ? `${input.description} (${extras.join('; ')})` : input.description
}

export function overview(version: string): string {
  return [
    `${PROGRAM} ${version}: build, sign, push and record immutable images; promote by digest.`,
    '',
    `Usage: ${PROGRAM} <command> [--flag VALUE | --flag=VALUE]...`,
    `       ${PROGRAM} help [<command>] | <command> --help | --version`,
    '',
    'Commands:',
    ...table([
      ...COMMAND_SPECS.map((c): [string, string] => [c.name, c.summary]),
      ['help [command]', 'print this help, or the flags of one command'],
      ['version', 'print the version'],
    ]),
    '',
    'Of the command line only:',
    ...table(Object.entries(CLI_FLAGS).map(([name, note]) => [`--${name}`, note])),
    '',
    'Flags are the action inputs, with the same names and values. Outputs go to stdout as',
    'name=value lines (or one JSON object with --json); logs go to stderr.',
    '',
    'Exit codes:',
    ...EXIT_CODES.map((line) => `${INDENT}${line}`),
    '',
    `Run '${PROGRAM} help <command>' for the flags of a command.`,
    '',
  ].join('\n')
}

export function commandHelp(command: Command): string {
  const spec = commandSpec(command)
  const inputs = inputsOf(command).filter((i) => i.name !== 'command')
  const outputs = spec.outputs.map((name): [string, string] => [
    name,
    outputSpec(name)?.description ?? '',
  ])
  return [
    `Usage: ${PROGRAM} ${command} [flags]`,
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    '',
    'Flags:',
    ...table([
      ...inputs.map((i): [string, string] => [flagOf(i), noteOf(i)]),
      ...Object.entries(CLI_FLAGS).map(([name, note]): [string, string] => [`--${name}`, note]),
    ]),
    '',
    'Outputs:',
    ...table(outputs),
    '',
    'Examples:',
    ...spec.examples.map((e) => `${INDENT}${PROGRAM} ${e}`),
    '',
    `Exit codes: ${EXIT_CODES.filter((l) => command === 'status' || !l.startsWith('3')).join('; ')}.`,
    '',
  ].join('\n')
}
