import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import pkg from '../package.json' with { type: 'json' }
import { main } from '../src/cli.js'
import {
  COMMAND_SPECS,
  COMMANDS,
  INPUT_NAMES,
  INPUTS,
  inputsOf,
  OUTPUTS,
  type Command,
  unusedInputs,
} from '../src/inputs.js'

const ROOT = resolve(import.meta.dirname, '..')

afterEach(() => {
  process.exitCode = undefined
})

async function cli(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const out = new PassThrough().on('data', (c: Buffer) => (stdout += c.toString()))
  const err = new PassThrough().on('data', (c: Buffer) => (stderr += c.toString()))
  await main(argv, { stdout: out, stderr: err, env: {} })
  await new Promise((r) => setImmediate(r))
  const code = process.exitCode ?? 0
  process.exitCode = undefined
  return { stdout, stderr, code }
}

/** The flag lines of a command's help: `--name ...  description`. */
function flagLines(text: string): Map<string, string> {
  const lines = new Map<string, string>()
  for (const m of text.matchAll(/^ {2}--([a-z-]+)\S*(?: \S+)? {2,}(.+)$/gm)) lines.set(m[1]!, m[2]!)
  return lines
}

describe('help', () => {
  it('`help` and `--help` list every command with its summary, exit 0', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const r = await cli(argv)
      expect(r.code).toBe(0)
      expect(r.stderr).toBe('')
      const lines = r.stdout.split('\n')
      for (const c of COMMAND_SPECS) {
        expect(lines.some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary))).toBe(true)
      }
      expect(r.stdout).toContain('3 drift found by status --fail-on-drift')
    }
  })

  it.each(COMMANDS.map((c) => [c]))(
    'help %s, %s --help and %s -h describe every input of the command, exit 0',
    async (command: Command) => {
      const texts = [
        await cli(['help', command]),
        await cli([command, '--help']),
        await cli([command, '-h']),
      ]
      for (const r of texts) {
        expect(r.code).toBe(0)
        expect(r.stdout).toBe(texts[0]!.stdout)
      }
      const text = texts[0]!.stdout
      expect(text.split('\n')[0]).toBe(`Usage: immutable-release ${command} [flags]`)
      const flags = flagLines(text)
      const own = inputsOf(command).filter((i) => i.name !== 'command')
      expect(own.length).toBeGreaterThan(0)
      for (const input of own) {
        expect(flags.get(input.name), input.name).toContain(input.description)
        if (input.default !== '' && !input.default.startsWith('${{'))
          expect(flags.get(input.name)).toContain(`default: ${input.default}`)
      }
      // Only its own inputs, and the four of the command line.
      expect([...flags.keys()].sort()).toEqual(
        [...own.map((i) => i.name), 'json', 'debug', 'help', 'version'].sort(),
      )
      const spec = COMMAND_SPECS.find((c) => c.name === command)!
      for (const example of spec.examples) expect(text).toContain(`immutable-release ${example}`)
      for (const output of spec.outputs) expect(text).toMatch(new RegExp(`^ {2}${output} `, 'm'))
    },
  )

  it('generate-key asks for no image, and promote does', async () => {
    expect(flagLines((await cli(['help', 'generate-key'])).stdout).has('image')).toBe(false)
    expect(flagLines((await cli(['help', 'promote'])).stdout).has('image')).toBe(true)
  })

  it.each([[['deploy']], [['help', 'deploy']], [['deploy', '--help']]])(
    'an unknown command names itself and the valid ones, exit 2: %j',
    async (argv) => {
      const r = await cli(argv)
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain("unknown command 'deploy'")
      expect(r.stderr).toContain(`valid: ${COMMANDS.join(', ')}, help, version`)
    },
  )

  it('suggests the nearest command for a typo', async () => {
    const r = await cli(['promte'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("did you mean 'promote'?")
  })

  it('`version` and `--version` print the package version', async () => {
    for (const argv of [['version'], ['--version'], ['status', '--version']]) {
      const r = await cli(argv)
      expect(r).toEqual({ stdout: `${pkg.version}\n`, stderr: '', code: 0 })
    }
  })

  it('finds the inputs a command does not read, as the action passes them (defaults included)', () => {
    const action: Record<string, string> = Object.fromEntries(
      INPUTS.map((i) => [i.name, i.default]),
    )
    Object.assign(action, { 'github-token': 'ghs_x', push: 'true', ledger: 'none' })
    const unused = unusedInputs('generate-key', (name) => action[name])
    expect(unused.map((u) => u.name)).toEqual(['ledger', 'push'])
    expect(unused[1]!.commands).toEqual(['check'])
    expect(unusedInputs('check', (name) => action[name])).toEqual([])
  })

  it('warns about a flag the command does not read, and names the commands that do', async () => {
    const r = await cli(['generate-key', '--push', '--context', '/nonexistent/for/sure'])
    expect(r.stderr).toContain('warning: --push is not used by generate-key; it is for check')
    expect(r.stderr).not.toContain('--context is not used')
  })
})

/** Input or output names and defaults of a top-level section of action.yml. */
function actionSection(section: 'inputs' | 'outputs'): Map<string, string | undefined> {
  const text = readFileSync(resolve(ROOT, 'action.yml'), 'utf8')
  const body = new RegExp(`^${section}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(text)?.[1] ?? ''
  const entries = new Map<string, string | undefined>()
  let current: string | undefined
  for (const line of body.split('\n')) {
    const name = /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line)?.[1]
    if (name) entries.set((current = name), undefined)
    const value = /^ {4}default:\s*(.*)$/.exec(line)?.[1]
    if (current && value !== undefined) entries.set(current, value.replace(/^'(.*)'$/, '$1'))
  }
  return entries
}

/** The backticked names of the first column of the README table that follows `heading`. */
function readmeTable(heading: string): string[] {
  const text = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
  const start = text.indexOf(`\n## ${heading}\n`)
  expect(start).toBeGreaterThan(0)
  const rows = text
    .slice(start)
    .split('\n')
    .slice(2)
    .filter(
      (line, i, all) => line.startsWith('|') && all.slice(0, i).every((l) => !l.startsWith('## ')),
    )
  return rows
    .slice(2)
    .flatMap((row) => [...row.split('|')[1]!.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1]!))
}

describe('one registry, documented everywhere', () => {
  it('action.yml has exactly the inputs of the registry, with the same defaults', () => {
    const inputs = actionSection('inputs')
    expect([...inputs.keys()].sort()).toEqual([...INPUT_NAMES].sort())
    for (const input of INPUTS) expect(inputs.get(input.name) ?? '', input.name).toBe(input.default)
  })

  it('action.yml has exactly the outputs of the registry', () => {
    expect([...actionSection('outputs').keys()].sort()).toEqual(OUTPUTS.map((o) => o.name).sort())
  })

  it("the README's input and output tables list exactly the registry's names", () => {
    expect([...new Set(readmeTable('Inputs'))].sort()).toEqual([...INPUT_NAMES].sort())
    expect([...new Set(readmeTable('Outputs'))].sort()).toEqual(OUTPUTS.map((o) => o.name).sort())
  })

  it('every output is given by some command, and every command declares known outputs', () => {
    const given = new Set(COMMAND_SPECS.flatMap((c) => c.outputs))
    expect(OUTPUTS.map((o) => o.name).filter((o) => !given.has(o))).toEqual([])
    expect(COMMAND_SPECS.map((c) => c.name).sort()).toEqual([...COMMANDS].sort())
  })

  it('the readers can fail: a missing name shows', () => {
    // Positive control for the section reader: it sees names and defaults it should.
    expect(actionSection('inputs').get('ledger-branch')).toBe('release-ledger')
    expect(actionSection('inputs').has('no-such-input')).toBe(false)
    expect(readmeTable('Inputs')).toContain('ledger-branch')
  })
})
