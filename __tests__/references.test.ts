/**
 * What the tool prints, it reads back: every form of image reference (`repo@sha256:…`,
 * `repo:tag`, `oci:PATH`, `oci:PATH:tag`, `oci:PATH@sha256:…`) works in verify, promote and
 * status, on a registry and on a layout, through the command line as a user types it.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git')
const PASS = 'pw'

interface Released {
  /** What `image=` printed: repo@sha256:… or oci:PATH@sha256:…. */
  image: string
  digest: string
  /** repo or oci:PATH. */
  repo: string
  /** The sha-<commit> tag the release wrote. */
  tag: string
}

describe.skipIf(!ok)('image references as the tool prints them', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let pub: string
  const released: Record<'registry' | 'layout', Released> = {} as never
  let ledgers = 0

  const env = () => ({ PATH: process.env.PATH, HOME: work, GIT_CONFIG_NOSYSTEM: '1' })

  async function cli(argv: string[]) {
    let stdout = ''
    let stderr = ''
    const out = new PassThrough().on('data', (c: Buffer) => (stdout += c.toString()))
    const err = new PassThrough().on('data', (c: Buffer) => (stderr += c.toString()))
    const cwd = process.cwd()
    process.chdir(repo)
    try {
      await main(argv, { stdout: out, stderr: err, env: env() })
    } finally {
      process.chdir(cwd)
    }
    await new Promise((r) => setImmediate(r))
    const code = process.exitCode ?? 0
    process.exitCode = undefined
    return { stdout, stderr, code }
  }

  async function json(argv: string[]) {
    const r = await cli([...argv, '--json'])
    expect(r.code, r.stderr).toBe(0)
    return { ...r, data: JSON.parse(r.stdout) as Record<string, unknown> }
  }

  const newLedger = () => {
    const path = join(work, `ledger-${++ledgers}.git`)
    execFileSync('git', ['init', '-q', '--bare', path])
    return path
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'references-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    const key = keyFiles.key
    pub = keyFiles.pub
    repo = join(work, 'repo')
    mkdirSync(repo)
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo })
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'index.html'), 'hello\n')
    git('add', '.')
    git('commit', '-q', '-m', 'one')
    for (const [kind, target] of [
      ['registry', `${registry.host}/acme/app`],
      ['layout', `oci:${join(work, 'out', 'app')}`],
    ] as const) {
      const r = await json([
        'release',
        '--image',
        target,
        '--context',
        repo,
        '--signing-key',
        key,
        '--signing-key-passphrase',
        PASS,
        '--ledger',
        'none',
      ])
      const metadata = r.data.metadata as { digest: string; tags: string[] }
      // --json nests: metadata is an object, tags a list, never JSON inside a string.
      expect(typeof r.data.metadata).toBe('object')
      expect(Array.isArray(r.data.tags)).toBe(true)
      expect(metadata.digest).toBe(r.data.digest)
      released[kind] = {
        image: r.data.image as string,
        digest: r.data.digest as string,
        repo: target,
        tag: (r.data.tags as string[]).find((t) => t.startsWith('sha-'))!,
      }
      expect(released[kind].image).toBe(`${target}@${released[kind].digest}`)
    }
  }, 180_000)

  afterEach(() => {
    process.exitCode = undefined
  })

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  /** The three forms that name one image: as printed, by tag, by digest after the tag. */
  const forms = (r: Released) => [
    { form: 'printed repo@sha256', image: r.image, logsTag: false },
    { form: 'repo:tag', image: `${r.repo}:${r.tag}`, logsTag: true },
  ]

  describe.each(['registry', 'layout'] as const)('on a %s', (kind) => {
    it('verify takes each form, and logs a tag as tag → digest', async () => {
      for (const { image, logsTag } of forms(released[kind])) {
        const r = await json(['verify', '--image', image, '--verify-key', pub])
        expect(r.data).toMatchObject({ digest: released[kind].digest, verified: true })
        expect(r.stderr.includes(`:${released[kind].tag} → ${released[kind].digest}`)).toBe(logsTag)
      }
    })

    it('promote takes each form, and status reads the bare, tagged and digest forms', async () => {
      for (const { image } of forms(released[kind])) {
        const ledger = newLedger()
        const r = await json([
          'promote',
          '--image',
          image,
          '--environment',
          'staging',
          '--ledger',
          ledger,
          '--verify-key',
          pub,
        ])
        expect(r.data).toMatchObject({
          environment: 'staging',
          digest: released[kind].digest,
          promoted: true,
        })
        for (const statusImage of [released[kind].repo, image]) {
          const s = await json(['status', '--image', statusImage, '--ledger', ledger])
          const status = s.data.status as Record<
            string,
            { current: { digest: string; by: string } }
          >
          expect(status.staging!.current.digest).toBe(released[kind].digest)
          expect(s.data.environments).toEqual(['staging'])
          expect(s.data.drift).toBe(false)
          expect(s.stderr).toContain(`ledger: ${ledger}, branch release-ledger`)
        }
      }
    })

    it('a tag that does not exist fails naming it, and changes nothing', async () => {
      const ledger = newLedger()
      const r = await cli([
        'promote',
        '--image',
        `${released[kind].repo}:no-such-tag`,
        '--environment',
        'staging',
        '--ledger',
        ledger,
        '--verify-key',
        pub,
      ])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('no-such-tag')
      expect(execFileSync('git', ['-C', ledger, 'for-each-ref'], { encoding: 'utf8' })).toBe('')
    })
  })

  it('status prints a table on stdout without --json', async () => {
    const ledger = newLedger()
    const promoted = await cli([
      'promote',
      '--image',
      released.layout.image,
      '--environment',
      'production',
      '--ledger',
      ledger,
      '--verify-key',
      pub,
    ])
    expect(promoted.code, promoted.stderr).toBe(0)
    const r = await cli(['status', '--image', released.layout.repo, '--ledger', ledger])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[1]).toMatch(/^ENVIRONMENT\s+DIGEST\s+VERSION\s+COMMIT\s+AT\s+BY$/)
    expect(lines[2]).toMatch(
      new RegExp(`^production\\s+current\\s+${released.layout.digest.slice(0, 19)}\\s`),
    )
    expect(lines[3]).toMatch(/^\s+previous\s+-/)
  })
})
