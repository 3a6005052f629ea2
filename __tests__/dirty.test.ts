/**
 * Issue 10, item 2: a dirty build (allow-dirty) is not its commit. It gets its own tag,
 * `sha-<commit>-dirty-<12 hex of the working tree's git tree>`, never `sha-<commit>` nor a
 * version tag; its record says dirty; promote refuses it unless allow-dirty is set there too;
 * and the clean build of the commit is released normally afterwards. Refused cases leave the
 * registry and the ledger byte for byte as they were.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError, UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { readReferrers } from '../src/sign/referrer.js'
import { committedRepo } from './helpers/committed-repo.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')
const DATE = '2024-06-06T06:06:06Z'
const PASS = 'dirty'

/** Every file under `dir` with its content hash: equal snapshots mean byte-identical trees. */
function snapshot(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) {
        out.push(
          `${relative(dir, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`,
        )
      }
    }
  }
  walk(dir)
  return out.sort()
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE },
  }).trim()

describe.skipIf(!ok)('dirty builds', () => {
  let work: string
  let registry: TestRegistry
  let keyFile: string
  let pubFile: string

  const run = async (cwd: string, inputs: Record<string, string>): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work, GITHUB_REF: 'refs/tags/v2.0.0' }
    return runCommand(
      readConfig((n) => inputs[n], all),
      { logger: nullLogger, env: all, cwd },
    )
  }
  const release = (repo: string, image: string, extra: Record<string, string> = {}) =>
    run(repo, {
      image,
      context: repo,
      'signing-key': keyFile,
      'signing-key-passphrase': PASS,
      ...extra,
    })

  /** A repository with one commit, then a changed file and an untracked one. */
  const dirtyRepo = (name: string): { repo: string; commit: string } => {
    const repo = join(work, name)
    mkdirSync(repo)
    writeFileSync(join(repo, 'index.html'), 'committed\n')
    git(repo, 'init', '-q', '-b', 'main')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'one')
    writeFileSync(join(repo, 'index.html'), 'changed, not committed\n')
    writeFileSync(join(repo, 'new.txt'), 'untracked\n')
    return { repo, commit: git(repo, 'rev-parse', 'HEAD') }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'dirty-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    keyFile = keyFiles.key
    pubFile = keyFiles.pub
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('a layout the release writes in the checkout is its output, not a change, unless the build context holds it', async () => {
    const repo = committedRepo(join(work, 'own-layout'), { 'app/index.html': 'app\n' }, DATE)
    const image = `oci:${join(repo, 'out', 'app')}`
    const app = (context: string) => run(repo, { image, context })
    const first = await app(join(repo, 'app'))
    // Run again: out/app is there, untracked, beside the context; nothing is built.
    const again = await app(join(repo, 'app'))
    expect(again.outputs.digest).toBe(first.outputs.digest)
    expect(git(repo, 'status', '--porcelain')).toBe('?? out/')

    const refused = async (context: string, path: string) => {
      const err = await app(context).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(UserError)
      expect(err).toMatchObject({ code: 'DIRTY_TREE', input: 'allow-dirty' })
      expect((err as Error).message).toContain(`\n  ${path}`)
    }
    // Anything else in that folder is a change as before.
    writeFileSync(join(repo, 'out', 'notes.txt'), 'mine\n')
    await refused(join(repo, 'app'), 'out/')
    rmSync(join(repo, 'out', 'notes.txt'))
    // A context that holds the layout could copy it into the image: still a change.
    await refused(repo, 'out/')

    // A dirty build's tree leaves the layout out too: the second run's tag is the first's,
    // although the first wrote into out/app.
    writeFileSync(join(repo, 'app', 'extra.txt'), 'not committed\n')
    const dirty = () => run(repo, { image, context: join(repo, 'app'), 'allow-dirty': 'true' })
    const d1 = await dirty()
    expect(d1.outputs.tags).toMatch(/^sha-[0-9a-f]{40}-dirty-[0-9a-f]{12}$/)
    expect((await dirty()).outputs.tags).toBe(d1.outputs.tags)
  })

  it('tags a dirty build sha-<commit>-dirty-<tree>, never the commit or version tags', async () => {
    const { repo, commit } = dirtyRepo('tagged')
    const status = git(repo, 'status', '--porcelain')
    // The working tree's hash as git itself gives it, from a copy committed as it is.
    const copy = join(work, 'tagged-copy')
    cpSync(repo, copy, { recursive: true })
    git(copy, 'add', '-A')
    const tree = git(copy, 'write-tree')
    expect(tree).not.toBe(git(repo, 'rev-parse', 'HEAD^{tree}'))

    const image = `${registry.host}/apps/tagged`
    const r = await release(repo, image, { 'allow-dirty': 'true' })
    const dirtyTag = `sha-${commit}-dirty-${tree.slice(0, 12)}`
    expect(r.outputs.tags).toBe(dirtyTag)
    const store = new RegistryStore(registry.host, 'apps/tagged', {})
    const tags = await store.listTags()
    expect(tags).toContain(dirtyTag)
    for (const t of [`sha-${commit}`, '2.0.0', '2.0', '2', 'latest']) expect(tags).not.toContain(t)
    expect(JSON.parse(r.outputs.metadata!)).toMatchObject({ dirty: true, tree })
    const [record] = await readReferrers(store, r.outputs.digest!, RECORD_ARTIFACT_TYPE)
    const source = (JSON.parse(record!.blob.toString('utf8')) as { source: unknown }).source
    expect(source).toMatchObject({ commit, tree, dirty: true })
    // The checkout is left as it was.
    expect(git(repo, 'status', '--porcelain')).toBe(status)

    // The same dirty tree again: nothing built, the same tag and digest.
    const again = await release(repo, image, { 'allow-dirty': 'true' })
    expect(again.outputs.digest).toBe(r.outputs.digest)
  }, 120_000)

  it('refuses extra tags on a dirty build, writing nothing', async () => {
    const { repo } = dirtyRepo('extra')
    const image = `${registry.host}/apps/extra`
    const before = snapshot(registry.dataDir)
    const e = await release(repo, image, { 'allow-dirty': 'true', tags: 'latest' }).catch(
      (x: unknown) => x,
    )
    expect(e).toBeInstanceOf(UserError)
    expect((e as UserError).code).toBe('TAG_INVALID')
    expect((e as UserError).input).toBe('tags')
    expect(snapshot(registry.dataDir)).toEqual(before)
    // Without the extra tag the same build goes through (and writes).
    await release(repo, image, { 'allow-dirty': 'true' })
    expect(snapshot(registry.dataDir)).not.toEqual(before)
  }, 120_000)

  it('promote refuses a dirty image unless allow-dirty is set, writing nothing', async () => {
    const { repo } = dirtyRepo('gated')
    const image = `${registry.host}/apps/gated`
    const r = await release(repo, image, { 'allow-dirty': 'true' })
    const ledger = join(work, 'gated-ledger.git')
    execFileSync('git', ['init', '-q', '--bare', ledger])
    const promote = (extra: Record<string, string> = {}) =>
      run(repo, {
        command: 'promote',
        image,
        ledger,
        environment: 'staging',
        digest: r.outputs.digest!,
        'verify-key': pubFile,
        ...extra,
      })
    // verify passes (it is signed) and says what it is.
    const verified = await run(repo, {
      command: 'verify',
      image,
      digest: r.outputs.digest!,
      'verify-key': pubFile,
    })
    expect(verified.summary).toContain('a dirty build')
    const registryBefore = snapshot(registry.dataDir)
    const ledgerBefore = snapshot(ledger)
    const e = await promote().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ReleaseError)
    expect((e as ReleaseError).code).toBe('GATE_REFUSED')
    expect((e as Error).message).toMatch(/gate 'dirty'.*allow-dirty/)
    expect(snapshot(registry.dataDir)).toEqual(registryBefore)
    expect(snapshot(ledger)).toEqual(ledgerBefore)

    const asked = await promote({ 'allow-dirty': 'true' })
    expect(asked.outputs.promoted).toBe('true')
    expect(snapshot(ledger)).not.toEqual(ledgerBefore)
  }, 120_000)

  it('releases the clean build of the commit after a dirty one', async () => {
    const { repo, commit } = dirtyRepo('clean-later')
    const image = `${registry.host}/apps/clean-later`
    const dirty = await release(repo, image, { 'allow-dirty': 'true' })
    git(repo, 'checkout', '-q', '--', 'index.html')
    rmSync(join(repo, 'new.txt'))
    const clean = await release(repo, image)
    expect(clean.outputs.digest).not.toBe(dirty.outputs.digest)
    expect(clean.outputs.tags!.split('\n')).toEqual([`sha-${commit}`, '2.0.0', '2.0', '2'])
    const store = new RegistryStore(registry.host, 'apps/clean-later', {})
    expect((await store.headManifest(`sha-${commit}`))?.digest).toBe(clean.outputs.digest)
    expect(JSON.parse(clean.outputs.metadata!)).not.toHaveProperty('dirty')
  }, 120_000)
})
