import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { runLinks } from '../src/commands/links.js'
import { readConfig } from '../src/config.js'
import { runUrl } from '../src/run-url.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { cell, code, humanSize, link } from '../src/markdown.js'
import { needTools } from './helpers/tools.js'

const ACTIONS_ENV = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '4242',
  GITHUB_ACTOR: 'octocat',
}

describe('markdown helpers', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.50 KiB'],
    [20 * 1024, '20.0 KiB'],
    [300 * 1024, '300 KiB'],
    [5 * 1024 * 1024, '5.00 MiB'],
    [3 * 1024 ** 3, '3.00 GiB'],
  ])('humanSize(%d) is %s', (bytes, text) => {
    expect(humanSize(bytes)).toBe(text)
  })

  it('keeps user text inside its cell, its code span and its link', () => {
    expect(cell('a|b<script>\nc')).toBe('a\\|b&lt;script&gt; c')
    expect(code('x`y')).toBe('``x`y``')
    expect(code('`')).toBe('`` ` ``')
    expect(code('a|b')).toBe('`a\\|b`')
    expect(link('v1 [beta]', 'https://github.com/acme/shop/commit/abc')).toBe(
      '[v1 \\[beta\\]](https://github.com/acme/shop/commit/abc)',
    )
    // Never a javascript: or relative link from text we did not build.
    expect(link('x', 'javascript:alert(1)')).toBe('x')
  })

  it('links the commit, the compare view, the run and a ghcr.io package of this owner', () => {
    const links = runLinks({ ...ACTIONS_ENV, GITHUB_RUN_ATTEMPT: '2' })!
    expect(links.commit('a'.repeat(40))).toBe(
      `https://github.com/acme/shop/commit/${'a'.repeat(40)}`,
    )
    expect(links.compare('a'.repeat(40), 'b'.repeat(40))).toBe(
      `https://github.com/acme/shop/compare/${'a'.repeat(40)}...${'b'.repeat(40)}`,
    )
    expect(links.run).toBe('https://github.com/acme/shop/actions/runs/4242/attempts/2')
    expect(links.package('ghcr.io/acme/shop/api')).toBe(
      'https://github.com/acme/shop/pkgs/container/shop%2Fapi',
    )
    expect(links.package('ghcr.io/someone-else/shop')).toBeUndefined()
    expect(links.package('registry.local:5000/acme/shop')).toBeUndefined()
    expect(runLinks({})).toBeUndefined()
  })

  it('names one run address for provenance, the record, the ledger and the summary, and none from odd variables', () => {
    const env = {
      ...ACTIONS_ENV,
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_RUN_ATTEMPT: '3',
    }
    const url = 'https://ghe.example.com/acme/shop/actions/runs/4242/attempts/3'
    expect(runUrl(env)).toBe(url)
    expect(runLinks(env)!.run).toBe(url)
    // Attempt 1 when the runner does not say (older runners), or says something else.
    expect(runUrl({ ...ACTIONS_ENV, GITHUB_RUN_ATTEMPT: undefined })).toMatch(
      /\/4242\/attempts\/1$/,
    )
    expect(runUrl({ ...ACTIONS_ENV, GITHUB_RUN_ATTEMPT: '2/../9' })).toMatch(/\/4242\/attempts\/1$/)
    // Never an address built from values GitHub does not set: they reach links and records.
    expect(runUrl({ ...ACTIONS_ENV, GITHUB_RUN_ID: '42/../../evil' })).toBeUndefined()
    expect(
      runUrl({ ...ACTIONS_ENV, GITHUB_REPOSITORY: 'acme/shop)[x](javascript:1' }),
    ).toBeUndefined()
    expect(runUrl({ GITHUB_RUN_ID: '42' })).toBeUndefined()
  })
})

const ok = needTools('git')

describe.skipIf(!ok)('summaries of release, promote and rollback', () => {
  let work: string
  let repo: string
  const digests: string[] = []
  const commits: string[] = []
  const summaries: string[] = []
  const layout = () => `oci:${join(work, 'out')}`
  const run = (inputs: Record<string, string>, logger: Logger = nullLogger) => {
    const env = { PATH: process.env.PATH, HOME: work, ...ACTIONS_ENV }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger, env, cwd: repo },
    )
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'summary-'))
    repo = join(work, 'repo')
    mkdirSync(repo)
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim()
    git('init', '-q', '-b', 'main')
    for (const text of ['one', 'two']) {
      writeFileSync(join(repo, 'index.html'), `${text}\n`)
      git('add', '.')
      git('commit', '-q', '-m', text)
      commits.push(git('rev-parse', 'HEAD'))
      const r = await run({ image: layout(), context: repo, ledger: 'none' })
      digests.push(r.outputs.digest!)
      summaries.push(r.summary)
    }
  }, 120_000)

  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
  })

  it('a release summary links the commit and the run and shows a small size in KiB', () => {
    const [summary] = summaries
    // A small image: its size reads in KiB, never as "0.0 MiB".
    expect(summary).toMatch(/\| Size \| \d+(\.\d+)? (B|KiB) \|/)
    expect(summary).not.toContain('MiB')
    expect(summary).toContain(
      `[${commits[0]!.slice(0, 12)}](https://github.com/acme/shop/commit/${commits[0]})`,
    )
    expect(summary).toContain(
      '[this run](https://github.com/acme/shop/actions/runs/4242/attempts/1)',
    )
    expect(summary).toContain(`| Digest | \`${digests[0]}\` |`)
  })

  it('promote says Promoted, links the compare view, and gives the rollback command', async () => {
    const ledger = join(work, 'ledger-promote.git')
    execFileSync('git', ['init', '-q', '--bare', ledger])
    const common = {
      command: 'promote',
      image: layout(),
      ledger,
      environment: 'prod',
      'require-signature': 'false',
    }
    await run({ ...common, digest: digests[0]! })
    const r = await run({ ...common, digest: digests[1]! })
    expect(r.outputs).toMatchObject({ promoted: 'true', digest: digests[1] })
    expect(r.summary).toContain('### Promoted `prod` of')
    expect(r.summary).toContain(
      `(https://github.com/acme/shop/compare/${commits[0]}...${commits[1]})`,
    )
    expect(r.summary).toContain(
      `immutable-release rollback --image ${layout()} --environment prod --reason "..."`,
    )
    expect(r.summary).not.toContain('To lift the hold')
  })

  it('rollback says Rolled back, that it holds the environment and how to lift it', async () => {
    const ledger = join(work, 'ledger-rollback.git')
    execFileSync('git', ['init', '-q', '--bare', ledger])
    const common = { image: layout(), ledger, environment: 'prod', 'require-signature': 'false' }
    await run({ ...common, command: 'promote', digest: digests[0]! })
    await run({ ...common, command: 'promote', digest: digests[1]! })
    const lines: string[] = []
    const logger: Logger = { ...nullLogger, info: (m) => lines.push(m) }
    const r = await run({ ...common, command: 'rollback', reason: 'bad | deploy' }, logger)
    expect(r.outputs).toMatchObject({ 'rolled-back': 'true', held: 'true', digest: digests[0] })
    expect(r.outputs).not.toHaveProperty('promoted')
    expect(r.summary).toContain('### Rolled back `prod` of')
    expect(r.summary).not.toContain('To roll back:\n\n```sh\nimmutable-release unhold')
    expect(r.summary).toContain(`immutable-release unhold --image ${layout()} --environment prod`)
    expect(
      lines.filter((l) => l.includes('prod is now on hold') && l.includes('unhold')),
    ).toHaveLength(1)
    // The actor comes from GITHUB_ACTOR and user text stays inside its cell.
    expect(r.summary).toContain('octocat')

    const again = await run({
      ...common,
      command: 'rollback',
      'hold-on-rollback': 'false',
      to: digests[0]!,
    })
    expect(again.outputs).toMatchObject({ 'rolled-back': 'false' })
  })
})
