/**
 * Workflow-command injection (issue #10 item 8): text from users or registries that reaches the
 * runner's log never becomes a workflow command, and never forges a line on a terminal.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionsLogger } from '../src/github/actions-io.js'
import { escapeLog } from '../src/log-escape.js'
import { consoleLogger } from '../src/logger.js'
import { needTools } from './helpers/tools.js'

const DIST = resolve(import.meta.dirname, '..', 'dist', 'index.js')
const HOSTILE =
  'disk full\n::warning::forged\r::add-mask::hello\r\n  ::stop-commands::tok\n##[error]old style'

/** The workflow commands a runner would act on in this output, one per line as it reads them. */
function commandsIn(stdout: string): string[] {
  return stdout
    .split(/\r\n|\r|\n/)
    .map((l) => l.trimStart())
    .filter((l) => l.startsWith('::') || l.startsWith('##['))
}

describe('escapeLog', () => {
  it('breaks a leading :: or ##[ on every line of plain text, and keeps the lines', () => {
    const out = escapeLog(HOSTILE, 'line')
    expect(commandsIn(out)).toEqual([])
    expect(out.split('\n')).toEqual([
      'disk full',
      '%3A%3Awarning::forged',
      '%3A%3Aadd-mask::hello',
      '  %3A%3Astop-commands::tok',
      '%23%23[error]old style',
    ])
    // Positive control: the same text unescaped would be four commands.
    expect(commandsIn(HOSTILE)).toHaveLength(4)
    expect(escapeLog('a :: b', 'line')).toBe('a :: b')
  })

  it('keeps command data on one line and property values inside their property', () => {
    expect(escapeLog('50%\r\n::x', 'data')).toBe('50%25%0D%0A::x')
    expect(escapeLog('a:b,c\n', 'property')).toBe('a%3Ab%2Cc%0A')
  })

  it('shows control characters on a terminal instead of obeying them', () => {
    expect(escapeLog('ok\rerror: forged\x1b[2K\x07\ttab\nnext', 'terminal')).toBe(
      'ok\\x0derror: forged\\x1b[2K\\x07\ttab\nnext',
    )
  })
})

describe('the loggers', () => {
  it('the Actions logger writes exactly its own commands, whatever the messages hold', async () => {
    const lines: string[] = []
    const logger = actionsLogger((t) => void lines.push(t))
    await logger.group(HOSTILE, async () => {
      logger.info(HOSTILE)
      logger.debug(HOSTILE)
      logger.warning(HOSTILE, { file: 'a,b:c\n::x::', line: 3, title: HOSTILE })
      logger.error(HOSTILE)
    })
    const commands = commandsIn(lines.join(''))
    expect(commands.map((c) => /^::([a-z-]+)/.exec(c)?.[1])).toEqual([
      'group',
      'debug',
      'warning',
      'error',
      'endgroup',
    ])
    expect(commands[2]).toMatch(
      /^::warning file=a%2Cb%3Ac%0A%3A%3Ax%3A%3A,line=3,title=disk full%0A/,
    )
  })

  it('the CLI logger cannot be made to rewrite a line or drive the terminal', () => {
    const stream = new PassThrough()
    const logger = consoleLogger({ stream })
    logger.info('tag latest\r\x1b[1Aerror: forged')
    expect(stream.read().toString()).toBe('tag latest\\x0d\\x1b[1Aerror: forged\n')
  })
})

const ok = needTools('git')

describe.skipIf(!ok)('dist/index.js with a hostile reason', () => {
  let work: string
  let ledger: string

  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run npm run build`)
    work = mkdtempSync(join(tmpdir(), 'escape-'))
    ledger = join(work, 'ledger.git')
    execFileSync('git', ['init', '-q', '--bare', ledger])
  })
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  const runAction = (inputs: Record<string, string>) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: work,
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: 'octo',
      GITHUB_OUTPUT: join(work, 'output'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      RUNNER_TEMP: work,
    }
    writeFileSync(env.GITHUB_OUTPUT!, '')
    writeFileSync(env.GITHUB_STEP_SUMMARY!, '')
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
    return spawnSync(process.execPath, [DIST], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
  }

  it('logs the reason of a hold without a single forged workflow command', () => {
    const r = runAction({
      command: 'hold',
      image: 'oci:./unused',
      environment: 'production',
      ledger,
      reason: HOSTILE,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    // The reason reached the log (positive control) ...
    expect(r.stdout).toContain('hold by octo: disk full')
    expect(r.stdout).toContain('%3A%3Aadd-mask::hello')
    // ... and every line the runner would take as a command is one the tool wrote itself.
    for (const c of commandsIn(r.stdout)) expect(c).toMatch(/^::(group|endgroup|debug)::/)
    // The ledger records the reason as given.
    const file = execFileSync(
      'git',
      ['-C', ledger, 'show', 'release-ledger:environments/production.json'],
      { encoding: 'utf8' },
    )
    expect(JSON.parse(file).hold.reason).toBe(HOSTILE)
    expect(readFileSync(join(work, 'output'), 'utf8')).toMatch(/^changed(=|<<(\S+)\n)true$/m)
  })
})
