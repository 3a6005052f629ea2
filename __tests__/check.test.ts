import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError, UserError } from '../src/errors.js'
import { nullLogger, type Logger, type WarningProperties } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { pushBusyboxBase } from './helpers/busybox-base.js'
import { cloneRepository } from './helpers/clone-repository.js'
import { startFakeGitHub } from './helpers/github-api.js'
import { writeImage } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools(
  'docker-registry',
  'git',
  'tar',
  'gzip',
  'htpasswd',
  'openssl',
  'buildah',
  'busybox',
)
const DATE = '2024-04-04T04:04:04Z'

function recorder(): {
  logger: Logger
  warnings: { message: string; props?: WarningProperties }[]
} {
  const warnings: { message: string; props?: WarningProperties }[] = []
  return {
    warnings,
    logger: {
      ...nullLogger,
      warning: (message: string, props?: WarningProperties) =>
        void warnings.push({ message, props }),
    },
  }
}

describe.skipIf(!ok)('check: plan without moving anything', () => {
  let work: string
  let registry: TestRegistry
  const SEED = 'seed/shop'
  // Per test: its own folder, repository, ledger and copy of the seed release.
  let tests = 0
  let dir: string
  let repo: string
  let ledger: string
  let image: string
  let repository: string

  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE },
    }).trim()

  const run = (
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
    logger: Logger = nullLogger,
  ): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work, USER: 'tester', ...env }
    return runCommand(
      readConfig((n) => inputs[n], all),
      { logger, env: all, cwd: repo },
    )
  }

  const tagSnapshot = async (repository: string): Promise<string[]> => {
    const store = new RegistryStore(registry.host, repository, {})
    const tags = (await store.listTags()).sort()
    return Promise.all(tags.map(async (t) => `${t}=${(await store.headManifest(t))?.digest}`))
  }

  /** A repository at commit v1; the same commit (dates fixed) in every test. */
  const newRepo = (): void => {
    repo = join(dir, 'repo')
    mkdirSync(join(repo, 'site'), { recursive: true })
    writeFileSync(join(repo, 'site', 'index.html'), 'v1\n')
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'v1')
  }
  let seedDigest: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'check-'))
    registry = await startRegistry('none')
    dir = join(work, 'seed')
    newRepo()
    const released = await run({ image: `${registry.host}/${SEED}`, context: join(repo, 'site') })
    seedDigest = released.outputs.digest!
  }, 120_000)

  beforeEach(async () => {
    tests++
    dir = join(work, `t${tests}`)
    newRepo()
    // v1 released and in staging.
    repository = `apps/shop-${tests}`
    image = `${registry.host}/${repository}`
    cloneRepository(registry, SEED, repository)
    ledger = join(dir, 'ledger.git')
    execFileSync('git', ['init', '-q', '--bare', ledger])
    const staged = await run({
      command: 'promote',
      image,
      ledger,
      environment: 'staging',
      digest: seedDigest,
      'require-signature': 'false',
    })
    expect(staged.outputs.promoted).toBe('true')
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('plans a changed commit against an environment and leaves every tag as it was', async () => {
    writeFileSync(join(repo, 'site', 'new.js'), 'console.log(1)\n'.repeat(500))
    git('add', '.')
    git('commit', '-q', '-m', 'v2')
    const before = await tagSnapshot(repository)
    const r = await run({
      command: 'check',
      image,
      ledger,
      context: join(repo, 'site'),
      'compare-to': 'staging',
    })
    expect(await tagSnapshot(repository)).toEqual(before)
    const planned = r.outputs.digest!
    expect(planned).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(
      await new RegistryStore(registry.host, repository, {}).headManifest(planned),
    ).toBeUndefined()
    const staging = before.find((t) => t.startsWith('staging='))!.split('=')[1]!
    expect(r.summary).toContain(planned)
    expect(r.summary).toContain(staging)
    expect(r.summary).toMatch(/added/i)
    expect(r.summary).toMatch(/\+\d/)
    expect(r.outputs.tags).toMatch(/^sha-[a-f0-9]{40}$/)
  })

  it('warns about an unpinned base with a file-and-line annotation, and refuses it with pin-base: require', async () => {
    const base = await pushBusyboxBase(registry.host)
    const ctx = join(repo, 'docker')
    mkdirSync(ctx, { recursive: true })
    writeFileSync(
      join(ctx, 'Dockerfile'),
      ['# app image', 'ARG X=1', `FROM ${base.reference}`, 'COPY a.txt /a.txt', ''].join('\n'),
    )
    writeFileSync(join(ctx, 'a.txt'), 'a\n')
    git('add', '.')
    git('commit', '-q', '-m', 'docker')
    const warn = recorder()
    await run(
      { command: 'check', image: `oci:${join(dir, 'plan')}`, context: ctx, builder: 'buildah' },
      {},
      warn.logger,
    )
    const annotation = warn.warnings.find((w) => w.props?.title === 'Unpinned base image')
    expect(annotation?.props).toMatchObject({ file: 'docker/Dockerfile', line: 3 })
    expect(annotation?.message).toContain(base.reference)

    const strict = recorder()
    const err = await run(
      {
        command: 'check',
        image: `oci:${join(dir, 'plan')}`,
        context: ctx,
        builder: 'buildah',
        'pin-base': 'require',
      },
      {},
      strict.logger,
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toMatch(/input 'pin-base'.*docker\/Dockerfile:3/)
    expect(strict.warnings[0]?.props).toMatchObject({ file: 'docker/Dockerfile', line: 3 })

    // Pinned by digest: no warning.
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${registry.host}/base/busybox@${base.digest}\nCOPY a.txt /a.txt\n`,
    )
    git('commit', '-q', '-am', 'pin')
    const pinned = recorder()
    await run(
      {
        command: 'check',
        image: `oci:${join(dir, 'plan')}`,
        context: ctx,
        builder: 'buildah',
        'pin-base': 'require',
      },
      {},
      pinned.logger,
    )
    expect(pinned.warnings.filter((w) => w.props?.title === 'Unpinned base image')).toEqual([])
  })

  it('proves a native build reproducible, and reports a build that is not', async () => {
    const native = await run({
      command: 'check',
      image: `oci:${join(dir, 'plan')}`,
      context: join(repo, 'site'),
      'verify-reproducible': 'true',
    })
    expect(native.summary).toMatch(/reproducible/i)
    // A RUN step that writes the time makes two builds differ.
    const base = await pushBusyboxBase(registry.host)
    const ctx = join(repo, 'clock')
    mkdirSync(ctx, { recursive: true })
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${registry.host}/base/busybox@${base.digest}\nRUN date +%s%N > /stamp\n`,
    )
    git('add', '.')
    git('commit', '-q', '-m', 'clock')
    const err = await run({
      command: 'check',
      image: `oci:${join(dir, 'plan')}`,
      context: ctx,
      builder: 'buildah',
      'verify-reproducible': 'true',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('NOT_REPRODUCIBLE')
    expect((err as Error).message).toMatch(/sha256:[a-f0-9]{64} and sha256:[a-f0-9]{64}/)
  })

  it('writes the plan to one pull request comment, created once and then updated', async () => {
    const github = await startFakeGitHub({ token: 'ghs_pr', repository: 'acme/shop' })
    try {
      const event = join(dir, 'event.json')
      writeFileSync(
        event,
        JSON.stringify({ pull_request: { number: 7, head: { sha: git('rev-parse', 'HEAD') } } }),
      )
      const env = {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_API_URL: github.url,
      }
      const inputs = {
        command: 'check',
        image,
        ledger,
        context: join(repo, 'site'),
        'compare-to': 'staging',
        comment: 'true',
        'github-token': 'ghs_pr',
      }
      const first = await run(inputs, env)
      expect(github.comments.length).toBe(1)
      expect(github.comments[0]!.body).toContain(first.outputs.digest)
      writeFileSync(join(repo, 'site', 'index.html'), 'v3\n')
      git('commit', '-q', '-am', 'v3')
      writeFileSync(
        event,
        JSON.stringify({ pull_request: { number: 7, head: { sha: git('rev-parse', 'HEAD') } } }),
      )
      const second = await run(inputs, env)
      expect(second.outputs.digest).not.toBe(first.outputs.digest)
      expect(github.comments.length).toBe(1)
      expect(github.comments[0]!.body).toContain(second.outputs.digest)
      const writes = github.requests.filter((r) => r.method !== 'GET').map((r) => r.method)
      expect(writes).toEqual(['POST', 'PATCH'])
    } finally {
      await github.stop()
    }
  })

  it('pushes only blobs with push: true, never a manifest or a tag', async () => {
    const store = new RegistryStore(registry.host, 'apps/blobs', {})
    await writeImage(store, [{ 'seed.txt': 'seed' }], { tag: 'seed' })
    const before = await tagSnapshot('apps/blobs')
    await registry.settle()
    const logged = registry.logLines().length
    const r = await run({
      command: 'check',
      image: `${registry.host}/apps/blobs`,
      context: join(repo, 'site'),
      push: 'true',
      ledger: 'none',
    })
    expect(await tagSnapshot('apps/blobs')).toEqual(before)
    expect(await store.headManifest(r.outputs.digest!)).toBeUndefined()
    // Positive control: the same run did write to this repository (its blobs).
    const uploads = () =>
      registry
        .logLines()
        .slice(logged)
        .filter((l) => /"(PUT|POST) \/v2\/apps\/blobs\/blobs\/uploads\//.test(l))
    for (let i = 0; i < 100 && uploads().length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(uploads().length).toBeGreaterThan(0)
  })
})
