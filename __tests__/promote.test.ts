import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { generateKeyPair } from '../src/sign/keys.js'
import { cloneRepository } from './helpers/clone-repository.js'
import { committedRepo } from './helpers/committed-repo.js'
import { startFakeGitHub } from './helpers/github-api.js'
import { writeImage } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const PASS = 'pw'

describe.skipIf(!ok)('promote, rollback and the gates', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let key: string
  let pub: string
  let otherPub: string
  // Each test gets its own ledger and its own copy of the seed repository's releases.
  let ledger: string
  let repository: string
  let image: string
  let tests = 0
  const SEED = 'seed/shop'
  const digests: Record<string, string> = {}

  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
      },
    }).trim()

  const run = (
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> => {
    // The ledger's `by` is the GitHub actor (else git's user.name, else the OS user).
    const all = { PATH: process.env.PATH, HOME: work, GITHUB_ACTOR: 'tester', ...env }
    return runCommand(
      readConfig((n) => inputs[n], all),
      { logger: nullLogger, env: all, cwd: repo },
    )
  }
  const move = (command: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
    run({ command, image, ledger, 'verify-key': pub, ...inputs }, env)

  /** Everything a refused gate must leave alone: the ledger branch and every registry tag. */
  const snapshot = async (): Promise<string> => {
    const head = execFileSync(
      'git',
      ['-C', ledger, 'for-each-ref', '--format=%(refname) %(objectname)'],
      { encoding: 'utf8' },
    )
    const store = new RegistryStore(registry.host, repository, {})
    const tags = (await store.listTags()).sort()
    const pointed = await Promise.all(
      tags.map(async (t) => `${t}=${(await store.headManifest(t))?.digest}`),
    )
    return `${head}\n${pointed.join('\n')}`
  }

  const expectRefused = async (promise: Promise<unknown>, gate: string): Promise<void> => {
    const before = await snapshot()
    const err = await promise.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('GATE_REFUSED')
    expect((err as Error).message).toContain(`gate '${gate}'`)
    expect(await snapshot()).toBe(before)
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'promote-'))
    registry = await startRegistry('none')
    const pair = await generateKeyPair(PASS)
    key = join(work, 'cosign.key')
    pub = join(work, 'cosign.pub')
    otherPub = join(work, 'other.pub')
    writeFileSync(key, pair.privateKeyPem)
    writeFileSync(pub, pair.publicKeyPem)
    writeFileSync(otherPub, (await generateKeyPair('x')).publicKeyPem)
    repo = join(work, 'repo')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    // Three signed releases A, B, C and one unsigned U, each from its own commit.
    for (const [name, signed] of [
      ['A', true],
      ['B', true],
      ['C', true],
      ['U', false],
    ] as const) {
      writeFileSync(join(repo, 'index.html'), `${name}\n`)
      git(repo, 'add', '.')
      git(repo, 'commit', '-q', '-m', name)
      const inputs: Record<string, string> = { image: `${registry.host}/${SEED}`, context: repo }
      if (signed) Object.assign(inputs, { 'signing-key': key, 'signing-key-passphrase': PASS })
      digests[name] = (await run(inputs)).outputs.digest!
    }
  }, 120_000)

  beforeEach(() => {
    tests++
    ledger = join(work, `ledger-${tests}.git`)
    execFileSync('git', ['init', '-q', '--bare', ledger])
    repository = `apps/shop-${tests}`
    image = `${registry.host}/${repository}`
    cloneRepository(registry, SEED, repository)
  })

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('promotes by digest, keeps the previous, and projects both tags', async () => {
    const a = await move('promote', { environment: 'staging', digest: digests.A! })
    expect(a.outputs).toMatchObject({
      environment: 'staging',
      digest: digests.A,
      'previous-digest': '',
      promoted: 'true',
    })
    const b = await move('promote', { environment: 'staging', digest: digests.B! })
    expect(b.outputs).toMatchObject({
      digest: digests.B,
      'previous-digest': digests.A,
      promoted: 'true',
    })
    const store = new RegistryStore(registry.host, repository, {})
    expect((await store.headManifest('staging'))?.digest).toBe(digests.B)
    expect((await store.headManifest('staging-previous'))?.digest).toBe(digests.A)
    const file = JSON.parse(
      execFileSync('git', ['-C', ledger, 'show', 'release-ledger:environments/staging.json'], {
        encoding: 'utf8',
      }),
    ) as {
      current: { digest: string; by: string; commit: string }
      previous: { digest: string }
    }
    expect(file.current.digest).toBe(digests.B)
    expect(file.current.by).toBe('tester')
    expect(file.current.commit).toMatch(/^[a-f0-9]{40}$/)
    expect(file.previous.digest).toBe(digests.A)
    // The release record is copied into the ledger.
    execFileSync('git', [
      '-C',
      ledger,
      'cat-file',
      '-e',
      `release-ledger:releases/${digests.B!.replace(':', '-')}.json`,
    ])
    // Already there: succeeds without writing.
    const head = execFileSync('git', ['-C', ledger, 'rev-parse', 'release-ledger'], {
      encoding: 'utf8',
    })
    const again = await move('promote', { environment: 'staging', digest: digests.B! })
    expect(again.outputs.promoted).toBe('false')
    expect(
      execFileSync('git', ['-C', ledger, 'rev-parse', 'release-ledger'], { encoding: 'utf8' }),
    ).toBe(head)
    expect(b.summary).toContain('immutable-release rollback')
  })

  it('promotes production from staging in lifecycle order', async () => {
    const staged = await move('promote', { environment: 'staging', digest: digests.B! })
    expect(staged.outputs.promoted).toBe('true')
    const p = await move('promote', { environment: 'production', 'from-environment': 'staging' })
    expect(p.outputs.digest).toBe(digests.B)
  })

  it('a release may move its own extra tag but not an environment promoted once', async () => {
    await move('promote', { environment: 'production', digest: digests.A! })
    const store = new RegistryStore(registry.host, repository, {})
    // Promoted once: no production-previous, so the registry's tags alone do not tell.
    expect(await store.listTags()).not.toContain('production-previous')
    const release = (name: string, tags: string, command = 'release') =>
      run({
        command,
        image,
        tags,
        context: committedRepo(
          join(work, `t${tests}-${name}`),
          { 'index.html': `${name}\n` },
          '2024-02-02T00:00:00Z',
        ),
      })
    // Positive control: a release tag moves from one release to the next.
    const first = await release('edge-1', 'edge')
    const second = await release('edge-2', 'edge')
    expect(second.outputs.digest).not.toBe(first.outputs.digest)
    expect((await store.headManifest('edge'))?.digest).toBe(second.outputs.digest)

    const before = await snapshot()
    for (const command of ['release', 'check']) {
      const err = await release(`env-${command}`, 'production', command).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'TAG_INVALID', input: 'tags' })
      expect((err as Error).message).toContain(
        `'production' cannot be a release tag: it is an environment (production points at ${digests.A}`,
      )
    }
    expect(await snapshot()).toBe(before)
  })

  it('refuses an unsigned image, a wrong key, an unknown digest and a missing record, writing nothing', async () => {
    await expectRefused(
      move('promote', { environment: 'staging', digest: digests.U! }),
      'signature',
    )
    await expectRefused(
      move('promote', { environment: 'staging', digest: digests.C!, 'verify-key': otherPub }),
      'signature',
    )
    await expectRefused(
      move('promote', { environment: 'staging', digest: `sha256:${'c'.repeat(64)}` }),
      'unknown-digest',
    )
    // An image with no release record, promoted without requiring a signature.
    const store = new RegistryStore(registry.host, repository, {})
    const bare = await writeImage(store, [{ 'x.txt': 'no record' }])
    await expectRefused(
      move('promote', {
        environment: 'staging',
        digest: bare.descriptor.digest,
        'require-signature': 'false',
        'verify-key': '',
      }),
      'record',
    )
  })

  it('refuses a digest marked bad, an environment on hold, and the wrong lifecycle order', async () => {
    // Positive control: the same promote passes every gate before the mark.
    const before = await move('promote', { environment: 'canary', digest: digests.A! })
    expect(before.outputs.promoted).toBe('true')
    const marked = await move('mark-bad', { digest: digests.A!, reason: 'leaks memory' })
    expect(marked.outputs).toEqual({ digest: digests.A, changed: 'true' })
    const bad = JSON.parse(
      execFileSync('git', ['-C', ledger, 'show', 'release-ledger:bad.json'], { encoding: 'utf8' }),
    ) as unknown
    expect(JSON.stringify(bad)).toContain(digests.A!)
    expect(JSON.stringify(bad)).toContain('leaks memory')
    await expectRefused(
      move('promote', { environment: 'production', digest: digests.A! }),
      'marked-bad',
    )
    const held = await move('hold', { environment: 'production', reason: 'freeze' })
    expect(held.outputs).toEqual({ environment: 'production', changed: 'true' })
    await expectRefused(
      move('promote', { environment: 'production', digest: digests.C! }),
      'on-hold',
    )
    const unheld = await move('unhold', { environment: 'production' })
    expect(unheld.outputs).toEqual({ environment: 'production', changed: 'true' })
    // Unheld, the lifecycle gate is what refuses C: production requires it in staging first.
    await expectRefused(
      move('promote', { environment: 'production', digest: digests.C!, requires: 'staging' }),
      'lifecycle',
    )
  })

  it('rolls back, then rolls back again to the digest rolled back from, keeping every move', async () => {
    await move('promote', { environment: 'qa', digest: digests.B! })
    await move('promote', { environment: 'qa', digest: digests.C! })
    const first = await move(
      'rollback',
      { environment: 'qa', reason: 'broken checkout' },
      { GITHUB_ACTOR: 'alice' },
    )
    expect(first.outputs).toMatchObject({
      digest: digests.B,
      'previous-digest': digests.C,
      'rolled-back': 'true',
      held: 'true',
    })
    // The rollback holds qa: an automatic promote is refused until unhold.
    await expectRefused(move('promote', { environment: 'qa', digest: digests.C! }), 'on-hold')
    const second = await move(
      'rollback',
      { environment: 'qa', reason: 'false alarm' },
      { GITHUB_ACTOR: 'bob' },
    )
    expect(second.outputs.digest).toBe(digests.C)
    const file = JSON.parse(
      execFileSync('git', ['-C', ledger, 'show', 'release-ledger:environments/qa.json'], {
        encoding: 'utf8',
      }),
    ) as {
      history: {
        digest: string
        kind: string
        by: string
        reason?: string
        rolledBackFrom?: string
      }[]
    }
    expect(
      file.history.slice(0, 3).map((h) => [h.kind, h.digest, h.by, h.reason, h.rolledBackFrom]),
    ).toEqual([
      ['rollback', digests.C, 'bob', 'false alarm', digests.B],
      ['rollback', digests.B, 'alice', 'broken checkout', digests.C],
      ['promote', digests.C, 'tester', undefined, undefined],
    ])
    const log = execFileSync(
      'git',
      ['-C', ledger, 'log', '--format=%s', 'release-ledger', '--', 'environments/qa.json'],
      { encoding: 'utf8' },
    )
    expect(log).toMatch(/rollback/)
  })

  it('projects each move to GitHub Deployments, marking the older one inactive', async () => {
    const commits = execFileSync('git', ['-C', repo, 'log', '--format=%H'], { encoding: 'utf8' })
      .trim()
      .split('\n')
    const github = await startFakeGitHub({
      token: 'ghs_test',
      repository: 'acme/shop',
      knownRefs: commits,
    })
    try {
      const env = {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '7',
        GITHUB_SERVER_URL: 'https://github.com',
      }
      const inputs = {
        environment: 'preview',
        'github-deployment': 'true',
        'github-token': 'ghs_test',
        'environment-url': 'https://preview.example.com',
      }
      await move('promote', { ...inputs, digest: digests.B! }, env)
      await move('promote', { ...inputs, digest: digests.C! }, env)
      expect(
        github.deployments.map((d) => [d.environment, (d.payload as { digest: string }).digest]),
      ).toEqual([
        ['preview', digests.B],
        ['preview', digests.C],
      ])
      const [older, newer] = github.deployments
      expect(github.latestState(newer!.id)).toBe('success')
      expect(github.statusesOf(newer!.id)[0]?.environment_url).toBe('https://preview.example.com')
      expect(github.statusesOf(newer!.id)[0]?.log_url).toBe(
        'https://github.com/acme/shop/actions/runs/7/attempts/1',
      )
      expect(github.latestState(older!.id)).toBe('inactive')
      // Already in place: the ledger does not move and GitHub gets no new deployment.
      const writes = github.writes().length
      await move('promote', { ...inputs, digest: digests.C! }, env)
      expect(github.writes().length).toBe(writes)
    } finally {
      await github.stop()
    }
  })

  it('keeps only the registry tags with ledger: none', async () => {
    const r = await run({
      command: 'promote',
      image,
      ledger: 'none',
      environment: 'edge',
      digest: digests.C!,
      'verify-key': pub,
    })
    expect(r.outputs.promoted).toBe('true')
    const store = new RegistryStore(registry.host, repository, {})
    expect((await store.headManifest('edge'))?.digest).toBe(digests.C)
    const r2 = await run({
      command: 'promote',
      image,
      ledger: 'none',
      environment: 'edge',
      digest: digests.B!,
      'verify-key': pub,
    })
    expect(r2.outputs['previous-digest']).toBe(digests.C)
    expect((await store.headManifest('edge-previous'))?.digest).toBe(digests.C)
  })

  it('status reports each environment and drift, and repair heals it', async () => {
    await move('promote', { environment: 'staging', digest: digests.A! })
    await move('promote', { environment: 'staging', digest: digests.B! })
    const clean = await run({ command: 'status', image, ledger })
    expect(clean.outputs.drift).toBe('false')
    const store = new RegistryStore(registry.host, repository, {})
    const m = await store.getManifest(digests.A!)
    await store.putManifest(m.bytes, m.mediaType, 'staging')
    const s = await run({ command: 'status', image, ledger })
    expect(s.outputs.drift).toBe('true')
    expect(s.summary).toMatch(/\| staging \|/)
    await expect(
      run({ command: 'status', image, ledger, 'fail-on-drift': 'true' }),
    ).rejects.toThrow(/differ from the ledger: staging/)
    const repaired = await run({ command: 'status', image, ledger, repair: 'true' })
    expect(repaired.outputs.drift).toBe('false')
    expect((await store.headManifest('staging'))?.digest).toBe(digests.B)
  })
})
