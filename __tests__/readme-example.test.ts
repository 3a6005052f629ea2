/**
 * The README's first set-up command, run as a newcomer runs it (the built CLI on a checkout of
 * examples/hello), must print what the README shows, line by line and in order, and a second
 * run must build nothing and print the same outputs. `…` in the README stands for any text;
 * numbers and hex digits may differ (commit ids, times, rates).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { needTools } from './helpers/tools.js'

const ok = needTools('git')
const ROOT = resolve(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist', 'index.js')
const COMMAND = 'npx immutable-release release --image oci:./out/app --context examples/hello'

/** The text block that follows the README's first set-up command. */
function readmeExample(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const at = readme.indexOf(COMMAND)
  expect(at, `the README no longer shows '${COMMAND}'`).toBeGreaterThan(0)
  const block = /```text\n([\s\S]*?)\n\s*```/.exec(readme.slice(at))
  expect(block, 'no text block follows the command').not.toBeNull()
  return block![1]!.split('\n').map((line) => line.trim())
}

/** A README line as a pattern: `…` is any text; runs of digits and of hex digits may differ. */
function pattern(line: string): RegExp {
  const literal = (piece: string) =>
    piece
      .split(/(\b[0-9a-f]{4,}\b|\d+)/)
      .map((part, i) =>
        i % 2 === 0
          ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          : part.length >= 4
            ? '[0-9a-f]+'
            : '\\d+',
      )
      .join('')
  return new RegExp(`^${line.split('…').map(literal).join('.*?')}$`)
}

describe.skipIf(!ok)("the README's first command", () => {
  let work: string
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(GITHUB_|RUNNER_|INPUT_|ACTIONS_)/.test(k)),
  )

  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run npm run build`)
    work = mkdtempSync(join(tmpdir(), 'readme-'))
    // The example in a checkout without a .gitignore: out/, which the first run writes, must not
    // make the second run's tree dirty (it lies outside the build context).
    cpSync(join(ROOT, 'examples', 'hello'), join(work, 'examples', 'hello'), { recursive: true })
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '.'],
      ['commit', '-q', '-m', 'hello'],
    ]) {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: work,
        env: {
          ...env,
          GIT_AUTHOR_DATE: '2026-12-01T08:00:00Z',
          GIT_COMMITTER_DATE: '2026-12-01T08:00:00Z',
        },
      })
    }
  })

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  // What `npx immutable-release` runs: the package's bin, dist/index.js.
  const release = () =>
    spawnSync(process.execPath, [DIST, ...COMMAND.split(' ').slice(2)], {
      cwd: work,
      env,
      encoding: 'utf8',
    })

  it('prints what the README shows, then, run again, builds nothing and prints the same outputs', () => {
    const first = release()
    expect(first.status, first.stderr).toBe(0)
    const printed = `${first.stderr}${first.stdout}`.split('\n')
    let from = 0
    for (const line of readmeExample()) {
      const want = pattern(line)
      const found = printed.findIndex((p, i) => i >= from && want.test(p))
      expect(found, `README line not printed (in this order): ${line}`).toBeGreaterThanOrEqual(from)
      from = found + 1
    }

    const again = release()
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toBe(first.stdout)
    expect(again.stderr).toMatch(
      /already holds sha256:[0-9a-f]{64} built from this commit and tree: nothing to build/,
    )
    expect(again.stderr).not.toMatch(/^built sha256:/m)
  })
})
