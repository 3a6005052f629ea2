import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { actor } from '../src/commands/actor.js'
import { nullLogger, type Logger } from '../src/logger.js'
import {
  byteCounter,
  LINE_INTERVAL_MS,
  liveProgress,
  progressOf,
  throttledProgress,
} from '../src/progress.js'
import { needTools } from './helpers/tools.js'

const homes: string[] = []
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true })
})

function home(config: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'actor-'))
  homes.push(dir)
  const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' }
  for (const [key, value] of Object.entries(config)) {
    execFileSync('git', ['config', '--global', key, value], { env })
  }
  return env
}

describe.skipIf(!needTools('git'))('actor', () => {
  it('is GITHUB_ACTOR in Actions, whatever git says', () => {
    expect(actor({ ...home({ 'user.name': 'Ada' }), GITHUB_ACTOR: 'octocat' })).toBe('octocat')
  })

  it("is git's user.name, else user.email, on the command line", () => {
    expect(actor(home({ 'user.name': 'Ada Lovelace', 'user.email': 'ada@example.com' }))).toBe(
      'Ada Lovelace',
    )
    expect(actor(home({ 'user.email': 'ada@example.com' }))).toBe('ada@example.com')
  })

  it('is the OS user when git knows nobody, never "unknown"', () => {
    const who = actor(home())
    expect(who).toBe(userInfo().username)
    expect(who).not.toBe('unknown')
  })
})

describe('progress', () => {
  /** A clock the test moves; lines are counted, never timed. */
  function clock() {
    let t = 0
    return { now: () => t, advance: (ms: number) => (t += ms) }
  }

  it('writes at most one line per 5 s where lines are kept, and the final one', () => {
    const c = clock()
    const lines: string[] = []
    const p = throttledProgress('push', (l) => lines.push(l), { now: c.now })
    // 60 s of updates every 100 ms: 600 updates, 12 lines at most.
    for (let i = 1; i <= 600; i++) {
      c.advance(100)
      p.update(`${i} blobs`)
    }
    expect(lines.length).toBe(60_000 / LINE_INTERVAL_MS)
    expect(lines[0]).toBe('push: 50 blobs')
    p.done('600 blobs, done')
    expect(lines.at(-1)).toBe('push: 600 blobs, done')
    p.done('again')
    p.update('late')
    expect(lines).toHaveLength(13)
  })

  it('says nothing but its result for work shorter than one interval', () => {
    const c = clock()
    const lines: string[] = []
    const p = throttledProgress('read', (l) => lines.push(l), { now: c.now })
    p.update('1 file')
    c.advance(10)
    p.update('2 files')
    p.done()
    expect(lines).toEqual(['read: 2 files'])
  })

  it('falls back to info lines for a logger without a live line', () => {
    const c = clock()
    const info: string[] = []
    const logger: Logger = { ...nullLogger, info: (m) => info.push(m) }
    const p = progressOf(logger, 'build', { now: c.now })
    c.advance(LINE_INTERVAL_MS)
    p.update('10 files')
    p.done('20 files')
    expect(info).toEqual(['build: 10 files', 'build: 20 files'])
  })

  it('redraws one live line on a terminal and ends it with a newline', () => {
    const c = clock()
    let text = ''
    const stream = new PassThrough().on('data', (b: Buffer) => (text += b.toString()))
    const p = liveProgress('upload', stream, { now: c.now })
    for (let i = 1; i <= 10; i++) {
      c.advance(50)
      p.update(`${i}`)
    }
    p.done('done')
    const frames = text.split('\r').filter((f) => f !== '')
    expect(frames).toHaveLength(6)
    expect(frames.at(-1)).toBe('upload: done\x1b[K\n')
    expect(text.split('\n')).toHaveLength(2)
  })

  it('counts bytes and files with the rate', () => {
    const c = clock()
    const lines: string[] = []
    const counter = byteCounter(
      throttledProgress('context', (l) => lines.push(l), { now: c.now }),
      'read',
      { now: c.now },
    )
    c.advance(2000)
    counter.add(3 * 1024 * 1024, 30)
    counter.done()
    expect(lines).toEqual(['context: 30 files, 3.00 MiB read (1.50 MiB/s)'])
  })
})
