/**
 * The environment name rule (issue #10 item 1): no environment name equals or collides with a
 * tag the tool writes, checked before any write in every command that takes an environment.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { UserError } from '../src/errors.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { environmentNameConflict } from '../src/release/names.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'
import { treeDigest } from './helpers/tree-digest.js'

const COMMIT = 'a'.repeat(40)

describe('the environment name rule', () => {
  it.each([
    [`sha-${COMMIT}`, 'commit tags'],
    ['sha-anything', 'commit tags'],
    ['sha256-abc', 'sha256-<hex>'],
    ['1', 'version'],
    ['12', 'version'],
    ['v2', 'version'],
    ['latest', 'tag the release writes'],
    ['buildcache', 'tag the release writes'],
    ['prod-previous', "previous digest of the environment 'prod'"],
    ['Prod', 'not a valid environment name'],
  ])('refuses %s, naming the conflict', (name, conflict) => {
    expect(environmentNameConflict(name)).toContain(conflict)
  })

  it.each([
    'production',
    'staging',
    'qa',
    'sha',
    'sha256',
    'previous',
    'v',
    '2024-q1',
    'latest-eu',
  ])('accepts %s', (name) => {
    expect(environmentNameConflict(name)).toBeUndefined()
  })

  // Every input that names an environment, in every command that takes one.
  const inputs: [string, Record<string, string>, string][] = [
    ['promote', { environment: 'X' }, 'environment'],
    ['rollback', { environment: 'X' }, 'environment'],
    ['hold', { environment: 'X' }, 'environment'],
    ['unhold', { environment: 'X' }, 'environment'],
    ['mark-bad', { environment: 'X', digest: `sha256:${'b'.repeat(64)}` }, 'environment'],
    ['status', { environment: 'X' }, 'environment'],
    ['promote', { environment: 'production', 'from-environment': 'X' }, 'from-environment'],
    ['promote', { environment: 'production', requires: 'X' }, 'requires'],
    ['check', { 'compare-to': 'X' }, 'compare-to'],
  ]
  it.each(inputs)('%s refuses a release tag in %j', (command, given, input) => {
    for (const name of [`sha-${COMMIT}`, 'latest', '1', 'staging-previous', 'sha256-abc']) {
      const all: Record<string, string> = { command, image: 'ghcr.io/acme/shop' }
      for (const [k, v] of Object.entries(given)) all[k] = v === 'X' ? name : v
      const error = (() => {
        try {
          readConfig((n) => all[n], {})
        } catch (e) {
          return e
        }
      })()
      expect(error, `${command} ${input}=${name}`).toBeInstanceOf(UserError)
      expect((error as UserError).input).toBe(input)
      expect((error as Error).message).toContain(`'${name}' cannot be an environment`)
      expect((error as Error).message).toContain('valid:')
      // Positive control: the same command takes a good name.
      for (const [k, v] of Object.entries(given)) all[k] = v === 'X' ? 'qa' : v
      expect(() => readConfig((n) => all[n], {})).not.toThrow()
    }
  })
})

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')

describe.skipIf(!ok)('names against a real registry and ledger', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let ledger: string
  let image: string
  const releases: { commit: string; digest: string }[] = []

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

  const run = async (
    inputs: Record<string, string>,
    logger: Logger = nullLogger,
  ): Promise<CommandResult> => {
    const env = { PATH: process.env.PATH, HOME: work, USER: 'tester' }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger, env, cwd: repo },
    )
  }
  const move = (command: string, inputs: Record<string, string>, logger?: Logger) =>
    run({ command, image, ledger, 'require-signature': 'false', ...inputs }, logger)

  const snapshot = () => `${treeDigest(registry.dataDir)} ${treeDigest(ledger)}`
  const tag = async (name: string) =>
    (await new RegistryStore(registry.host, 'apps/shop', {}).headManifest(name))?.digest

  /** Adds files to the ledger branch by hand, as a person fixing (or breaking) it would. */
  const commitToLedger = (files: Record<string, string>): void => {
    const clone = mkdtempSync(join(work, 'clone-'))
    git(clone, 'clone', '-q', ledger, '.')
    // The branch exists once a command wrote the ledger; a test running first starts it.
    const exists = git(clone, 'branch', '-r', '--list', 'origin/release-ledger') !== ''
    if (exists) git(clone, 'checkout', '-q', '-B', 'release-ledger', 'origin/release-ledger')
    else git(clone, 'checkout', '-q', '--orphan', 'release-ledger')
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(clone, path, '..'), { recursive: true })
      writeFileSync(join(clone, path), text)
    }
    git(clone, 'add', '-A')
    git(clone, 'commit', '-q', '-m', 'by hand')
    git(clone, 'push', '-q', 'origin', 'release-ledger')
    rmSync(clone, { recursive: true, force: true })
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'names-'))
    registry = await startRegistry('none')
    image = `${registry.host}/apps/shop`
    ledger = join(work, 'ledger.git')
    execFileSync('git', ['init', '-q', '--bare', ledger])
    repo = join(work, 'repo')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
    for (const name of ['A', 'B']) {
      writeFileSync(join(repo, 'index.html'), `${name}\n`)
      git(repo, 'add', '.')
      git(repo, 'commit', '-q', '-m', name)
      const digest = (await run({ image, context: repo })).outputs.digest!
      releases.push({ commit: git(repo, 'rev-parse', 'HEAD'), digest })
    }
  }, 120_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it("refuses promote --environment sha-<commit>: the commit's tag does not move", async () => {
    const [a, b] = releases as [(typeof releases)[0], (typeof releases)[0]]
    const commitTag = `sha-${a.commit}`
    expect(await tag(commitTag)).toBe(a.digest)
    const before = snapshot()
    const error = await move('promote', { environment: commitTag, digest: b.digest }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).input).toBe('environment')
    expect((error as Error).message).toMatch(/commit tags \(sha-<commit>\).*valid:/)
    expect(snapshot()).toBe(before)
    expect(await tag(commitTag)).toBe(a.digest)
    // Positive control: a good name moves, and the snapshot sees it.
    await move('promote', { environment: 'staging', digest: b.digest })
    expect(snapshot()).not.toBe(before)
    expect(await tag('staging')).toBe(b.digest)
  })

  it('refuses X while a legacy X-previous environment exists, in every writing command', async () => {
    const [a] = releases as [(typeof releases)[0]]
    // Written before the rule existed: an environment named prod-previous.
    commitToLedger({
      'environments/prod-previous.json': `${JSON.stringify({
        schemaVersion: 1,
        environment: 'prod-previous',
        current: { digest: a.digest, at: '2024-01-01T00:00:00Z', by: 'old', kind: 'promote' },
        history: [],
        bad: [],
      })}\n`,
    })
    const before = snapshot()
    for (const [command, extra] of [
      ['promote', { digest: a.digest }],
      ['rollback', { to: a.digest }],
      ['hold', {}],
      ['unhold', {}],
      ['mark-bad', { digest: a.digest }],
    ] as const) {
      const error = await move(command, { environment: 'prod', ...extra }).catch((e: unknown) => e)
      expect(error, command).toBeInstanceOf(UserError)
      expect((error as Error).message).toContain("environment 'prod-previous'")
      expect((error as UserError).input).toBe('environment')
      expect(snapshot()).toBe(before)
    }
    // Positive control: another environment still takes the same digest.
    await move('promote', { environment: 'qa', digest: a.digest })
    expect(snapshot()).not.toBe(before)
  })

  it('status warns about a badly named ledger file and skips it instead of failing', async () => {
    const [a] = releases as [(typeof releases)[0]]
    await move('promote', { environment: 'edge', digest: a.digest })
    commitToLedger({ 'environments/Bad Name.json': '{}\n' })
    const warnings: string[] = []
    const logger: Logger = { ...nullLogger, warning: (m) => void warnings.push(m) }
    const result = await run({ command: 'status', image, ledger }, logger)
    const listed = result.outputs.environments!.split('\n')
    expect(listed).toContain('edge')
    expect(listed).not.toContain('Bad Name')
    expect(warnings.filter((w) => w.includes('environments/Bad Name.json skipped'))).toHaveLength(1)
  })
})
