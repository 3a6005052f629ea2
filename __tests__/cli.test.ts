import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import {
  closestName,
  exitCodeOf,
  formatOutputs,
  jsonOutputs,
  main,
  parseArgs,
  UsageError,
} from '../src/cli.js'
import { readConfig } from '../src/config.js'
import { ReleaseError, UserError } from '../src/errors.js'
import { appendSummary, capSummary } from '../src/github/actions-io.js'
import { BOOLEAN_INPUTS, INPUT_NAMES } from '../src/inputs.js'
import { consoleLogger, type Logger } from '../src/logger.js'
import { run } from '../src/main.js'

function failure(fn: () => unknown): UserError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    return e as UserError
  }
  throw new Error('expected a UserError, but nothing was thrown')
}

function collector() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}

afterEach(() => {
  process.exitCode = undefined
})

describe('parseArgs', () => {
  it('reads the command and --name value flags', () => {
    const args = parseArgs([
      'promote',
      '--image',
      'ghcr.io/acme/shop',
      '--environment',
      'production',
    ])
    expect(args.command).toBe('promote')
    expect(Object.fromEntries(args.inputs)).toEqual({
      command: 'promote',
      image: 'ghcr.io/acme/shop',
      environment: 'production',
    })
    expect(args.json).toBe(false)
  })

  it.each([
    [['--image=ghcr.io/acme/shop'], 'image', 'ghcr.io/acme/shop'],
    [['--reason=a=b c'], 'reason', 'a=b c'],
    [['--reason='], 'reason', ''],
    [['--digest', 'sha256:abc'], 'digest', 'sha256:abc'],
    [['--keyless'], 'keyless', 'true'],
    [['--keyless', 'false'], 'keyless', 'false'],
    [['--keyless', 'NO'], 'keyless', 'NO'],
    [['--keyless=0'], 'keyless', '0'],
    [['--push', '--keyless'], 'push', 'true'],
    [['--tags', 'a', '--tags=b', '--tags', 'c,d'], 'tags', 'a\nb\nc,d'],
    [['--env', 'A=1', '--env', 'B=2'], 'env', 'A=1\nB=2'],
    [['--reason', '-x'], 'reason', '-x'],
  ])('%j sets %s', (argv, name, value) => {
    expect(parseArgs(argv).inputs.get(name)).toBe(value)
  })

  it('does not take a command as the value of a bare boolean flag', () => {
    const args = parseArgs(['--keyless', 'release', '--image', 'oci:./out'])
    expect(args.command).toBe('release')
    expect(args.inputs.get('keyless')).toBe('true')
  })

  it('takes the command from anywhere, or from --command', () => {
    expect(parseArgs(['--image', 'x', 'status']).command).toBe('status')
    expect(parseArgs(['--command', 'verify']).command).toBe('verify')
    expect(parseArgs(['verify', '--command=verify']).command).toBe('verify')
    expect(parseArgs([]).command).toBeUndefined()
  })

  it.each([
    [['--json'], 'json'],
    [['--debug'], 'debug'],
    [['--help'], 'help'],
    [['-h'], 'help'],
    [['--version'], 'version'],
  ] as const)('%j sets %s', (argv, flag) => {
    expect(parseArgs(argv)[flag]).toBe(true)
  })

  it('accepts every input name as a flag', () => {
    for (const name of INPUT_NAMES) {
      const argv = BOOLEAN_INPUTS.has(name) ? [`--${name}`] : [`--${name}`, 'v']
      expect(parseArgs(argv).inputs.has(name)).toBe(true)
    }
  })

  it.each([
    ['--imgae', '--image'],
    ['--registry-pasword', '--registry-password'],
    ['--enviroment=production', '--environment'],
    ['--tag', '--tags'],
    ['--jsno', '--json'],
    ['--insecure-registries', '--insecure-registry'],
  ])('suggests the closest name for %s', (flag, suggestion) => {
    const e = failure(() => parseArgs(['release', flag, 'x']))
    expect(e.code).toBe('INPUT_INVALID')
    expect(e.message).toContain(`unknown flag '${flag.split('=')[0]}'`)
    expect(e.message).toContain(`did you mean '${suggestion}'?`)
    expect(e.message).not.toContain('production')
  })

  it('suggests nothing for a flag far from every name', () => {
    const e = failure(() => parseArgs(['--zzzzzzzzzz']))
    expect(e.message).toBe("unknown flag '--zzzzzzzzzz'")
    expect(e.hint).toContain('help <command>')
  })

  it.each([
    [['-x'], undefined, "unknown flag '-x'"],
    [['--image'], 'image', 'needs a value'],
    [['--image', '--tags', 'x'], 'image', 'needs a value'],
    [['--image', 'a', '--image', 'b'], 'image', 'more than once'],
    [['release', 'extra'], 'command', "unexpected argument 'extra'"],
    [['release', '--command', 'promote'], 'command', 'differs'],
    [['--json=true'], undefined, 'takes no value'],
    [['help', 'promote', 'extra'], 'command', "unexpected argument 'extra'"],
  ])('refuses %j', (argv, input, text) => {
    const e = failure(() => parseArgs(argv))
    expect(e).toBeInstanceOf(UsageError)
    expect(e.input).toBe(input)
    expect(e.message).toContain(text)
    if (input !== undefined) expect(e.message).toContain(`input '${input}'`)
  })

  it('feeds readConfig through the same names', () => {
    const args = parseArgs([
      'promote',
      '--image=ghcr.io/acme/shop',
      '--environment',
      'production',
      '--keyless',
      '--tags',
      'a',
      '--tags',
      'b',
      '--json',
    ])
    const config = readConfig((name) => args.inputs.get(name), {})
    expect(config).toMatchObject({
      command: 'promote',
      environment: 'production',
      keyless: true,
      tags: ['a', 'b'],
    })
  })

  it('leaves a bad --command to readConfig too, which lists the valid ones', () => {
    const args = parseArgs(['relase', '--image', 'oci:./out'])
    const e = failure(() => readConfig((name) => args.inputs.get(name), {}))
    expect(e.message).toContain("input 'command'")
    expect(e.message).toContain('valid: release, check')
  })
})

describe('closestName', () => {
  it.each([
    ['imag', 'image'],
    ['IMAGE', 'image'],
    ['ledgerbranch', 'ledger-branch'],
    ['completely-unrelated', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(closestName(name, INPUT_NAMES)).toBe(expected)
  })
})

describe('exit codes', () => {
  it('are 2 for usage, 3 for drift, 1 for any other failure', () => {
    expect(exitCodeOf(new UsageError('INPUT_INVALID', "unknown flag '--x'"))).toBe(2)
    expect(exitCodeOf(new ReleaseError('DRIFT', '1 registry tag(s) differ'))).toBe(3)
    expect(exitCodeOf(new UserError('INPUT_INVALID', 'bad', { input: 'image' }))).toBe(1)
    expect(exitCodeOf(new ReleaseError('GATE_REFUSED', 'refused'))).toBe(1)
    expect(exitCodeOf('thrown string')).toBe(1)
  })
})

describe('jsonOutputs', () => {
  it('nests what the registry types: JSON, lists and booleans', () => {
    const out = jsonOutputs({
      digest: 'sha256:abc',
      tags: 'a\nb',
      promoted: 'false',
      metadata: '{"digest":"sha256:abc","platforms":["linux/amd64"]}',
      unknown: '{"x":1}',
    })
    expect(out).toEqual({
      digest: 'sha256:abc',
      tags: ['a', 'b'],
      promoted: false,
      metadata: { digest: 'sha256:abc', platforms: ['linux/amd64'] },
      unknown: '{"x":1}',
    })
  })
})

describe('formatOutputs', () => {
  it('prints name=value lines', () => {
    expect(formatOutputs({ digest: 'sha256:abc', promoted: 'true' })).toBe(
      'digest=sha256:abc\npromoted=true\n',
    )
  })

  it('prints multi-line values as heredoc blocks', () => {
    expect(formatOutputs({ tags: 'a\nb', digest: 'd' })).toBe('tags<<EOF\na\nb\nEOF\ndigest=d\n')
  })

  it('picks a delimiter that is not a line of the value', () => {
    expect(formatOutputs({ x: 'EOF\nEOF_1' })).toBe('x<<EOF_2\nEOF\nEOF_1\nEOF_2\n')
  })

  it('prints nothing for no outputs', () => {
    expect(formatOutputs({})).toBe('')
  })
})

describe('cli main', () => {
  async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const out = collector()
    const err = collector()
    await main(argv, { stdout: out.stream, stderr: err.stream, env })
    await new Promise((resolve) => setImmediate(resolve))
    return { stdout: out.text(), stderr: err.text(), code: process.exitCode ?? 0 }
  }

  it('prints the version on stdout', async () => {
    const r = await cli(['--version'])
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/)
    expect(r.code).toBe(0)
  })

  it('prints help on stdout, and on stderr with exit 2 when called bare', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage: immutable-release')
    const bare = await cli([])
    expect(bare.stdout).toBe('')
    expect(bare.stderr).toContain('Usage: immutable-release')
    expect(bare.code).toBe(2)
  })

  it('fails on an unknown flag with the suggestion on stderr, exit 2', async () => {
    const r = await cli(['release', '--imgae', 'x'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain("error: unknown flag '--imgae'; did you mean '--image'?")
  })

  it('fails on bad input naming the input, before any command runs', async () => {
    const r = await cli(['release', '--image', 'UPPER/case'])
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n')[0]).toContain("error: input 'image'")
  })

  it('fails clearly when verify is not told what a valid signature is', async () => {
    const r = await cli(['verify', '--image', 'oci:./out'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("input 'verify-key': verify needs to know what a valid signature is")
  })

  it('generate-key needs no image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-generate-key-'))
    try {
      const r = await cli(['generate-key', '--context', dir, '--json'], { COSIGN_PASSWORD: 'pw' })
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).not.toContain("input 'image'")
      const out = JSON.parse(r.stdout) as Record<string, string>
      expect(out['key-id']).toMatch(/^[0-9a-f]{64}$/)
      expect(readFileSync(join(dir, 'cosign.pub'), 'utf8')).toBe(out['public-key'])
      // The positive control: a command that reads an image still asks for one.
      const status = await cli(['status'])
      expect(status.code).toBe(1)
      expect(status.stderr).toContain("input 'image': is required outside GitHub Actions")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('consoleLogger', () => {
  it('writes to its stream, shows debug only when asked, and times groups', async () => {
    const out = collector()
    const logger = consoleLogger({ stream: out.stream })
    logger.debug('hidden')
    logger.info('hello')
    logger.warning('careful', { file: 'Dockerfile', line: 3, title: 'base' })
    expect(await logger.group('build', async () => 42)).toBe(42)
    await expect(logger.group('push', () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    expect(out.text()).not.toContain('hidden')
    expect(out.text()).toContain('hello\n')
    expect(out.text()).toContain('warning: Dockerfile:3: base: careful')
    expect(out.text()).toMatch(/== build ==\n== build: done in \d+\.\ds ==/)
    expect(out.text()).toMatch(/== push: failed after \d+\.\ds ==/)
  })

  it('masks registered secrets, longest first', () => {
    const out = collector()
    const logger = consoleLogger({ stream: out.stream, debug: true })
    logger.addSecrets(['abc', 'abcdef', ''])
    logger.debug('token abcdef and abc')
    expect(out.text()).toBe('debug: token *** and ***\n')
  })
})

describe('action run', () => {
  function recorder() {
    const lines: string[] = []
    const logger: Logger = {
      debug: (m) => lines.push(`debug ${m}`),
      info: (m) => lines.push(`info ${m}`),
      warning: (m) => lines.push(`warning ${m}`),
      error: (m) => lines.push(`error ${m}`),
      group: (_n, fn) => fn(),
    }
    return { logger, lines }
  }

  function deps(inputs: Record<string, string>, source?: (name: string) => string | undefined) {
    const { logger, lines } = recorder()
    const masked: string[][] = []
    const outputs: Record<string, string>[] = []
    return {
      lines,
      masked,
      outputs,
      deps: {
        source: source ?? ((name: string) => inputs[name]),
        logger,
        outputs: (o: Record<string, string>) => void outputs.push(o),
        summary: () => undefined,
        mask: (values: string[]) => void masked.push(values),
        env: {},
      },
    }
  }

  it('fails with the input named on the first line of the error', async () => {
    const t = deps({ image: 'ghcr.io/acme/shop', keyless: 'maybe' })
    await run(t.deps)
    expect(process.exitCode).toBe(1)
    expect(t.lines[0]?.split('\n')[0]).toBe(
      "error input 'keyless': 'maybe' is not a boolean (valid: true, false, yes, no, 1, 0) [INPUT_INVALID]",
    )
    expect(t.outputs).toEqual([])
  })

  it('masks secrets before the command runs', async () => {
    const t = deps({
      command: 'verify',
      image: 'ghcr.io/acme/shop',
      'registry-username': 'bot',
      'registry-password': 'hunter2',
    })
    await run(t.deps)
    expect(t.masked).toEqual([['hunter2']])
    expect(t.lines.join('\n')).toContain("input 'verify-key'")
    expect(process.exitCode).toBe(1)
  })

  it('fails on a thrown value that is not an Error', async () => {
    const t = deps({}, () => {
      throw 'a string'
    })
    await run(t.deps)
    expect(process.exitCode).toBe(1)
    expect(t.lines).toEqual(['error a string'])
  })
})

describe('capSummary', () => {
  it('leaves a small summary alone', () => {
    expect(capSummary('# hi\n')).toBe('# hi\n')
  })

  it('cuts a large one at a line, closes an open fence, and says so', () => {
    const text = `# big\n\`\`\`\n${'é line\n'.repeat(2000)}\`\`\`\n`
    const capped = capSummary(text, 4096)
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(4096)
    expect(capped).toContain('this summary was cut at 4 KiB')
    expect(capped).not.toContain('\uFFFD')
    expect(capped.match(/```/g)?.length).toBe(2)
  })

  it('appends to the step summary file, and never throws when it cannot', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md')
    writeFileSync(file, '')
    const saved = process.env.GITHUB_STEP_SUMMARY
    try {
      process.env.GITHUB_STEP_SUMMARY = file
      await appendSummary('# released')
      expect(readFileSync(file, 'utf8')).toBe('# released\n')
      process.env.GITHUB_STEP_SUMMARY = join(file, 'not-a-folder', 'x.md')
      await expect(appendSummary('# again')).resolves.toBeUndefined()
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
      else process.env.GITHUB_STEP_SUMMARY = saved
    }
  })
})
