/**
 * Temp space (issue #10 item 9): a run's temp files live in one folder that is gone after the
 * run, after SIGINT or SIGTERM, and, for runs killed outright, after the next run's sweep.
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { RUN_FOLDER_PREFIX, withRunFolder } from '../src/run-temp.js'
import { compileSources, removeCompiledSources } from './helpers/compile.js'
import { needTools } from './helpers/tools.js'

// Holds `count` run folders at once, as concurrent commands in one process do.
const CHILD = `
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
const [compiled, base, count] = process.argv.slice(2)
const { withRunFolder } = await import(pathToFileURL(compiled + '/run-temp.js').href)
const dirs = []
for (let i = 0; i < Number(count); i++) {
  void withRunFolder(base, async (dir) => {
    writeFileSync(join(dir, 'layer.tar'), Buffer.alloc(8 << 20))
    dirs.push(dir)
    if (dirs.length === Number(count)) process.stdout.write(dirs.join('\\n') + '\\n')
    // Busy until killed, as a build is.
    await new Promise(() => setInterval(() => {}, 1000))
  })
}
`

function runUntilKilled(
  args: string[],
  signal: NodeJS.Signals,
  count: number,
): Promise<{ dirs: string[]; seen: boolean; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    let dirs: string[] = []
    let seen = false
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const lines = out.split('\n').filter(Boolean)
      if (!dirs.length && lines.length === count) {
        dirs = lines
        seen = dirs.every((dir) => existsSync(join(dir, 'layer.tar')))
        child.kill(signal)
      }
    })
    child.once('error', reject)
    child.once('close', (_code, sig) => resolve({ dirs, seen, signal: sig }))
  })
}

describe('the per-run temp folder', () => {
  let work: string
  let compiled: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hardening-temp-'))
    compiled = await compileSources()
  })
  afterAll(async () => {
    await removeCompiledSources()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it.each([
    ['SIGTERM', 1],
    ['SIGINT', 1],
    ['SIGTERM', 3],
  ] as const)('is removed when the run gets %s, with %i folder(s) live', async (signal, count) => {
    const base = mkdtempSync(join(work, 'base-'))
    const script = join(work, 'child.mjs')
    writeFileSync(script, CHILD)
    const run = await runUntilKilled([script, compiled, base, String(count)], signal, count)
    // Positive control: the folders and their 8 MB each were there while the run was alive.
    expect(run.seen).toBe(true)
    expect(new Set(run.dirs).size).toBe(count)
    for (const dir of run.dirs) expect(dir.startsWith(join(base, RUN_FOLDER_PREFIX))).toBe(true)
    // The signal still ends the process, as it would without the cleanup.
    expect(run.signal).toBe(signal)
    expect(readdirSync(base)).toEqual([])
  })

  it('holds one exit and one signal handler however many run folders are live, none after', async () => {
    const base = mkdtempSync(join(work, 'base-'))
    const listeners = () => [process.listenerCount('exit'), process.listenerCount('SIGTERM')]
    const before = listeners()
    const during: number[][] = []
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const runs = Array.from({ length: 12 }, () =>
      withRunFolder(base, async (dir) => {
        during.push(listeners())
        await gate
        return dir
      }),
    )
    while (during.length < 12) await new Promise((resolve) => setImmediate(resolve))
    // Twelve live at once: Node warns past ten listeners of one event.
    expect(readdirSync(base)).toHaveLength(12)
    open()
    const dirs = await Promise.all(runs)
    expect(during).toEqual(Array(12).fill([before[0]! + 1, before[1]! + 1]))
    expect(listeners()).toEqual(before)
    expect(new Set(dirs).size).toBe(12)
    expect(readdirSync(base)).toEqual([])
  })

  it.skipIf(!needTools('git'))(
    "sweeps killed runs' folders older than a day at start, and leaves its own nowhere",
    async () => {
      const base = mkdtempSync(join(work, 'runner-temp-'))
      const old = join(base, `${RUN_FOLDER_PREFIX}old`)
      const fresh = join(base, `${RUN_FOLDER_PREFIX}fresh`)
      const unrelated = join(base, 'someone-else')
      for (const d of [old, fresh, unrelated]) {
        mkdirSync(d)
        writeFileSync(join(d, 'blob'), 'x')
      }
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000)
      for (const d of [old, unrelated]) utimesSync(d, twoDaysAgo, twoDaysAgo)

      const ledger = join(work, 'ledger.git')
      execFileSync('git', ['init', '-q', '--bare', ledger])
      const inputs: Record<string, string> = {
        command: 'hold',
        image: `oci:${join(work, 'unused')}`,
        environment: 'production',
        ledger,
      }
      const env = { PATH: process.env.PATH, HOME: work, USER: 't', RUNNER_TEMP: base }
      // The ledger clone is made inside the run's folder: seen while the run is alive.
      const during: string[][] = []
      const logger: Logger = {
        ...nullLogger,
        info: () =>
          void during.push(readdirSync(base).filter((n) => n.startsWith(RUN_FOLDER_PREFIX))),
      }
      const result = await runCommand(
        readConfig((n) => inputs[n], env),
        { logger, env, cwd: work },
      )
      expect(result.outputs.changed).toBe('true')
      expect(
        during.some((names) => names.length === 2 && !names.includes(`${RUN_FOLDER_PREFIX}old`)),
      ).toBe(true)
      expect(readdirSync(base).sort()).toEqual([`${RUN_FOLDER_PREFIX}fresh`, 'someone-else'])
    },
  )
})
