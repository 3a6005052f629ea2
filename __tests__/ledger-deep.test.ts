import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_ENVIRONMENTS, writeDeepLedger } from '../bench/ledger-fixture.mjs'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import {
  environmentFiles,
  prefetchEnvironment,
  readArchivedHistory,
} from '../src/commands/ledger-access.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { applyPromote, HISTORY_LIMIT, parseEnvironment } from '../src/release/environment.js'
import type { Placement } from '../src/release/environment-types.js'
import { Ledger } from '../src/release/ledger.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

// Issue 14, item 1: a command costs the same whatever the ledger's history. A 5,000-commit
// ledger (a year of releases through ten environments, made by one git fast-import stream) is
// read as one commit and the files a command needs, and stays a compare-and-swap.

const COMMITS = 5000
const BRANCH = 'release-ledger'
const ENV = 'production'
const AUTHOR = { name: 'Deep Test', email: 'deep@example.com' }

const git = (args: string[], cwd?: string): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' },
  }).trim()

/** Object types present in a repository, without fetching anything a partial clone lacks. */
function objectTypes(gitDir: string): Record<string, number> {
  const counts: Record<string, number> = {}
  const out = git([
    '--git-dir',
    gitDir,
    'cat-file',
    '--batch-all-objects',
    '--batch-check=%(objecttype)',
  ])
  for (const type of out.split('\n').filter((t) => t !== '')) counts[type] = (counts[type] ?? 0) + 1
  return counts
}

/** A deep ledger made once per file as a template; each test works on its own copy. */
async function deepTemplate(work: string, lastDigest?: string) {
  const template = join(work, 'template.git')
  git(['init', '-q', '--bare', '--template=', template])
  // As GitHub does: the server serves blobless fetches and single blobs on demand.
  git(['--git-dir', template, 'config', 'uploadpack.allowFilter', 'true'])
  const fixture = await writeDeepLedger(template, { commits: COMMITS, branch: BRANCH, lastDigest })
  let copies = 0
  const copy = (): string => {
    const dir = join(work, `ledger-${++copies}.git`)
    cpSync(template, dir, { recursive: true })
    return dir
  }
  return { ...fixture, copy }
}

describe('the ledger on a 5,000-commit branch', () => {
  let work: string
  let deep: Awaited<ReturnType<typeof deepTemplate>>

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-deep-'))
    deep = await deepTemplate(work)
  }, 120_000)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('fetches the head commit and its trees, then only the files it reads', async () => {
    const remote = deep.copy()
    // The server has the whole year: 5,000 commits, hundreds of files at head.
    expect(Number(git(['--git-dir', remote, 'rev-list', '--count', BRANCH]))).toBe(COMMITS)
    const filesAtHead = git(['--git-dir', remote, 'ls-tree', '-r', '--name-only', BRANCH]).split(
      '\n',
    )
    expect(filesAtHead.length).toBeGreaterThan(500)

    const workDir = mkdtempSync(join(work, 'scratch-'))
    const scratch = join(workDir, 'ledger.git')
    const ledger = await Ledger.open({ url: remote, branch: BRANCH, author: AUTHOR, workDir })
    expect(ledger.head).toBe(deep.head)
    expect(git(['--git-dir', scratch, 'rev-list', '--count', 'refs/ledger/head'])).toBe('1')
    const opened = objectTypes(scratch)
    expect(opened).toMatchObject({ commit: 1 })
    expect(opened.blob ?? 0).toBe(0)

    // What a move reads, in one round trip: the environment file and its newest history file
    // (bad.json is not there to fetch).
    await prefetchEnvironment(ledger, ENV, ['bad.json'])
    expect(objectTypes(scratch).blob).toBe(2)
    const before = parseEnvironment((await ledger.read(`environments/${ENV}.json`))!, ENV)
    expect(before.history).toHaveLength(HISTORY_LIMIT)
    expect(await ledger.read('bad.json')).toBeUndefined()

    // A move on a full history archives the placement that falls out of it, appended to its
    // year's file: already here, nothing more to fetch.
    const placement: Placement = {
      digest: `sha256:${'d'.repeat(64)}`,
      at: '2026-02-03T04:05:06Z',
      by: 'deep-test',
      kind: 'promote',
    }
    const after = applyPromote(before, placement)
    const files = await environmentFiles(ledger, before, after)
    const dropped = before.history[HISTORY_LIMIT - 1]!
    const year = dropped.at.slice(0, 4)
    expect(Object.keys(files).sort()).toEqual([
      `environments/${ENV}.json`,
      `history/${ENV}/${year}.jsonl`,
    ])
    const lines = files[`history/${ENV}/${year}.jsonl`]!.trimEnd().split('\n')
    expect(lines).toHaveLength(deep.archived[ENV]!.count + 1)
    expect(JSON.parse(lines.at(-1)!)).toEqual(dropped)
    expect(objectTypes(scratch).blob).toBe(2)

    const old = ledger.head
    expect(await ledger.commit(files, `${ENV}: deep test`)).toBe('committed')
    // A fast-forward of the server's full history: one new commit whose parent is the old head.
    expect(git(['--git-dir', remote, 'rev-parse', `${BRANCH}^`])).toBe(old)
    expect(git(['--git-dir', remote, 'rev-list', '--count', '--first-parent', BRANCH])).toBe(
      String(COMMITS + 1),
    )
    git(['--git-dir', remote, 'fsck', '--no-progress', '--connectivity-only'])

    const archived = await readArchivedHistory(ledger, ENV)
    expect(archived).toHaveLength(deep.archived[ENV]!.count + 1)
    expect(archived[0]).toEqual(dropped)
    expect(archived.at(-1)).toEqual(deep.archived[ENV]!.oldest)
  }, 60_000)

  it('reads an untouched environment with one fetched file', async () => {
    const remote = deep.copy()
    const workDir = mkdtempSync(join(work, 'scratch-'))
    const ledger = await Ledger.open({ url: remote, branch: BRANCH, author: AUTHOR, workDir })
    expect((await ledger.list('environments')).sort()).toEqual(
      FIXTURE_ENVIRONMENTS.map((e) => `${e}.json`).sort(),
    )
    expect(objectTypes(join(workDir, 'ledger.git')).blob ?? 0).toBe(0)
    expect(await ledger.read('environments/qa.json')).toContain('"environment": "qa"')
    expect(objectTypes(join(workDir, 'ledger.git')).blob).toBe(1)
  }, 60_000)
})

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const PASS = 'pw'
const RACERS = 10

describe.skipIf(!ok)('ten promotes racing on a 5,000-commit ledger (acceptance)', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let pub: string
  let image: string
  let ledger: string
  let deep: Awaited<ReturnType<typeof deepTemplate>>
  const digests: string[] = []

  const run = (inputs: Record<string, string>, user: string, logger: Logger = nullLogger) => {
    const env = { PATH: process.env.PATH, HOME: work, GITHUB_ACTOR: user }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger, env, cwd: repo },
    )
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-deep-race-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    const key = keyFiles.key
    pub = keyFiles.pub
    repo = join(work, 'repo')
    mkdirSync(repo)
    git(['init', '-q', '-b', 'main'], repo)
    image = `${registry.host}/apps/deep`
    // One release per racer, and the one every environment of the deep ledger ends on.
    for (let i = 0; i <= RACERS; i++) {
      writeFileSync(join(repo, 'index.html'), `release ${i}\n`)
      git(['add', '.'], repo)
      git(['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', `r${i}`], repo)
      const r = await run(
        { image, context: repo, 'signing-key': key, 'signing-key-passphrase': PASS },
        'releaser',
      )
      digests.push(r.outputs.digest!)
    }
    deep = await deepTemplate(work, digests[RACERS])
    ledger = deep.copy()
    // Contention for certain: a pre-receive hook holds each push until every racer still in the
    // game has pushed on the same head, so every round is a real race among all of them. Round k
    // (its pushes are the k-th head anyone pushes on) has RACERS - k + 1 of them: one lands per
    // round, the others read again and try again. (Bounded: after a minute it lets a push go.)
    const barrier = join(work, 'barrier')
    mkdirSync(barrier)
    mkdirSync(join(ledger, 'hooks'), { recursive: true })
    writeFileSync(
      join(ledger, 'hooks', 'pre-receive'),
      [
        '#!/bin/sh',
        'read old new ref',
        `mkdir -p '${barrier}/'"$old"`,
        `: > '${barrier}/'"$old/$new"`,
        `round=$(ls '${barrier}' | wc -l)`,
        `expected=$((${RACERS} - round + 1))`,
        'i=0',
        `while [ "$(ls '${barrier}/'"$old" | wc -l)" -lt "$expected" ] && [ $i -lt 1200 ]; do`,
        '  sleep 0.05',
        '  i=$((i + 1))',
        'done',
        'exit 0',
      ].join('\n'),
    )
    chmodSync(join(ledger, 'hooks', 'pre-receive'), 0o755)
  }, 300_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('lands each promote once or reports a lost race, and keeps a fast-forward chain', async () => {
    const start = deep.head
    const settled = await Promise.allSettled(
      digests.slice(0, RACERS).map((digest, i) =>
        run(
          {
            command: 'promote',
            image,
            ledger,
            environment: ENV,
            digest,
            'verify-key': pub,
          },
          `racer-${i}`,
        ),
      ),
    )

    const won: number[] = []
    const lost: number[] = []
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        expect((s.value as CommandResult).outputs).toMatchObject({
          environment: ENV,
          digest: digests[i],
          promoted: 'true',
        })
        won.push(i)
      } else {
        expect(s.reason).toBeInstanceOf(ReleaseError)
        expect((s.reason as ReleaseError).code, String(s.reason)).toBe('LEDGER_RACE_LOST')
        lost.push(i)
      }
    })
    // Contention happened: some landed, some lost.
    expect(won.length).toBeGreaterThanOrEqual(1)
    expect(lost.length).toBeGreaterThanOrEqual(1)

    // A fast-forward chain on top of the deep head: one commit per winner, each on the one before.
    const chain = git(['--git-dir', ledger, 'rev-list', '--first-parent', `${start}..${BRANCH}`])
      .split('\n')
      .filter((c) => c !== '')
    expect(chain).toHaveLength(won.length)
    const parents = git(['--git-dir', ledger, 'rev-list', '--parents', `${start}..${BRANCH}`])
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(' '))
    expect(parents).toHaveLength(won.length)
    const chronological = [...chain].reverse()
    chronological.forEach((commit, k) => {
      const line = parents.find(([c]) => c === commit)!
      expect(line).toEqual([commit, k === 0 ? start : chronological[k - 1]])
    })
    expect(Number(git(['--git-dir', ledger, 'rev-list', '--count', BRANCH]))).toBe(
      COMMITS + won.length,
    )

    // Each winner once in the environment's history and in one commit subject; no loser anywhere.
    const file = parseEnvironment(
      git(['--git-dir', ledger, 'show', `${BRANCH}:environments/${ENV}.json`]),
      ENV,
    )
    const subjects = git(['--git-dir', ledger, 'log', '--format=%s', `${start}..${BRANCH}`])
    for (const i of won) {
      expect(file.history.filter((p) => p.digest === digests[i])).toHaveLength(1)
      expect(subjects.split(`by racer-${i})`).length - 1).toBe(1)
    }
    for (const i of lost) {
      expect(file.history.some((p) => p.digest === digests[i])).toBe(false)
      expect(subjects).not.toContain(`racer-${i})`)
    }
    // The bound holds; what fell out of it was archived, one placement per winner.
    expect(file.history).toHaveLength(HISTORY_LIMIT)
    const archivedLines = git(['--git-dir', ledger, 'show', `${BRANCH}:history/${ENV}/2025.jsonl`])
      .split('\n')
      .filter((l) => l !== '')
    expect(archivedLines).toHaveLength(deep.archived[ENV]!.count + won.length)

    // The registry converged on the ledger.
    const store = new RegistryStore(registry.host, 'apps/deep', {})
    expect((await store.headManifest(ENV))?.digest).toBe(file.current?.digest)
    expect((await store.headManifest(`${ENV}-previous`))?.digest).toBe(file.previous?.digest)

    // status --history shows the placements older than the bound, from the history files.
    const lines: string[] = []
    const logger: Logger = { ...nullLogger, info: (m) => void lines.push(m) }
    const status = await run(
      { command: 'status', image, ledger, environment: ENV, history: 'true' },
      'reader',
      logger,
    )
    const oldest = deep.archived[ENV]!.oldest!
    const listed = lines.filter((l) => l.startsWith(`${ENV} history: `))
    expect(listed).toHaveLength(HISTORY_LIMIT + deep.archived[ENV]!.count + won.length)
    expect(listed.at(-1)).toBe(
      `${ENV} history: ${oldest.at} promote ${oldest.digest} (${oldest.version}) by release-bot`,
    )
    expect(status.summary).toContain(`| ${oldest.at} | promote | \`${oldest.digest}\``)
    expect(status.text).toContain(`${ENV} history: ${oldest.at} promote ${oldest.digest}`)
    // Positive control: without `history` none of that is read or shown.
    const plain: string[] = []
    const quiet = await run({ command: 'status', image, ledger, environment: ENV }, 'reader', {
      ...nullLogger,
      info: (m) => void plain.push(m),
    })
    expect(plain.filter((l) => l.startsWith(`${ENV} history: `))).toEqual([])
    expect(quiet.summary).not.toContain(oldest.digest)
    expect(quiet.text).not.toContain(oldest.digest)
    expect(quiet.text).toContain(file.current!.digest.slice(0, 19))
    console.log(`deep-ledger race: ${won.length} won, ${lost.length} lost`)
  }, 300_000)
})
