import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { cloneRepository } from './helpers/clone-repository.js'
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js'
import { installPushBarrier } from './helpers/push-barrier.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

// Acceptance (issue 5): ten racing promote processes, and a process killed between the ledger
// commit and the tag writes, against the real registry and a real bare git ledger.

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const PASS = 'pw'
const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const BRANCH = 'release-ledger'

interface Placement {
  digest: string
  by: string
  kind: string
}
interface EnvironmentFile {
  current?: Placement
  previous?: Placement
  history: Placement[]
}

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `done` up to `polls` times, `ms` apart: a bounded count of polls, not a deadline. */
async function pollUntil(done: () => boolean, what: string, polls = 600, ms = 50): Promise<void> {
  for (let i = 0; i < polls; i++) {
    if (done()) return
    await sleep(ms)
  }
  throw new Error(`${what} after ${polls} polls`)
}

function collect(child: ChildProcess): Promise<Exit> {
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (c: Buffer) => out.push(c))
  child.stderr?.on('data', (c: Buffer) => err.push(c))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    )
  })
}

/** A logger that keeps what it is told, for asserting on status's warnings. */
function recordingLogger(lines: string[]): Logger {
  return {
    debug: () => undefined,
    info: (m) => void lines.push(m),
    warning: (m) => void lines.push(`warning: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    group: (_name, fn) => fn(),
  }
}

describe.skipIf(!ok)('promote races and crashes (acceptance)', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let key: string
  let pub: string
  let commits = 0
  const children = new Set<ChildProcess>()

  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd,
      encoding: 'utf8',
    }).trim()

  // The ledger's `by` is the GitHub actor (else git's user.name, else the OS user); USER too,
  // for a dist/ built before that rule.
  const childEnv = (user: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: work,
    USER: user,
    GITHUB_ACTOR: user,
  })

  const run = (
    inputs: Record<string, string>,
    options: { user?: string; logger?: Logger } = {},
  ): Promise<CommandResult> => {
    const env = childEnv(options.user ?? 'tester')
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger: options.logger ?? nullLogger, env, cwd: repo },
    )
  }

  /** One signed release per new commit of the repository; returns the digest. */
  const release = async (image: string): Promise<string> => {
    commits++
    writeFileSync(join(repo, 'index.html'), `release ${commits}\n`)
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', `release ${commits}`)
    const r = await run({
      image,
      context: repo,
      'signing-key': key,
      'signing-key-passphrase': PASS,
    })
    const digest = r.outputs.digest
    if (!digest) throw new Error(`release ${commits} gave no digest`)
    return digest
  }

  const newLedger = (name: string): string => {
    const path = join(work, `${name}.git`)
    execFileSync('git', ['init', '-q', '--bare', path])
    return path
  }

  const ledgerHead = (ledger: string): string =>
    execFileSync('git', ['-C', ledger, 'rev-parse', '--verify', '-q', `refs/heads/${BRANCH}`], {
      encoding: 'utf8',
    }).trim()

  const envFile = (ledger: string, env: string): EnvironmentFile =>
    JSON.parse(
      execFileSync('git', ['-C', ledger, 'show', `${BRANCH}:environments/${env}.json`], {
        encoding: 'utf8',
      }),
    ) as EnvironmentFile

  const tagOf = async (store: RegistryStore, tag: string): Promise<string | undefined> =>
    (await store.headManifest(tag))?.digest

  const spawnCli = (args: string[], user: string): ChildProcess => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: work,
      env: childEnv(user),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.add(child)
    child.once('exit', () => children.delete(child))
    return child
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'promote-race-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    key = keyFiles.key
    pub = keyFiles.pub
    repo = join(work, 'repo')
    mkdirSync(repo)
    git(repo, 'init', '-q', '-b', 'main')
  }, 60_000)

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  describe('ten promote processes racing on one environment', () => {
    const RACERS = 10
    let image: string
    let ledger: string
    const digests: string[] = []

    // Every racer tries the ledger push five times (DEFAULT_TRIES); the barrier holds each
    // round of pushes until all of it has arrived, so each round has one winner and the rest
    // collide: five winners, and five losers that lost all five rounds.
    const ROUNDS = [10, 9, 8, 7, 6]
    let barrier: { arrivals(): number }

    beforeAll(async () => {
      image = `${registry.host}/apps/race`
      ledger = newLedger('race-ledger')
      barrier = installPushBarrier(ledger, ROUNDS)
      for (let i = 0; i < RACERS; i++) digests.push(await release(image))
      expect(new Set(digests).size).toBe(RACERS)
    }, 120_000)

    it('records each winner exactly once, fails each loser with a lost race, and leaves the tags on the ledger', async () => {
      const exits = await Promise.all(
        digests.map((digest, i) => {
          const child = spawnCli(
            [
              'promote',
              '--image',
              image,
              '--environment',
              'production',
              '--digest',
              digest,
              '--ledger',
              ledger,
              '--verify-key',
              pub,
              '--json',
            ],
            `racer-${i}`,
          )
          return collect(child)
        }),
      )

      const file = envFile(ledger, 'production')
      const subjects = execFileSync(
        'git',
        ['-C', ledger, 'log', '--format=%s', BRANCH, '--', 'environments/production.json'],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter((l) => l !== '')
      const won: number[] = []
      const lost: number[] = []
      exits.forEach((exit, i) => {
        const digest = digests[i]!
        const who = `racer-${i}`
        const inHistory = file.history.filter((h) => h.digest === digest)
        const bySubject = subjects.filter((s) => new RegExp(`\\bby ${who}(?:\\)|,|:|$)`).test(s))
        const context = `${who} exit ${exit.code}/${exit.signal}\nstdout: ${exit.stdout}\nstderr: ${exit.stderr}`
        if (exit.code === 0) {
          won.push(i)
          // --json types its values (booleans) in newer bundles, strings in older ones.
          const outputs = Object.fromEntries(
            Object.entries(JSON.parse(exit.stdout) as Record<string, unknown>).map(([k, v]) => [
              k,
              String(v),
            ]),
          )
          expect(outputs, context).toMatchObject({
            environment: 'production',
            digest,
            promoted: 'true',
          })
          expect(
            inHistory.map((h) => [h.by, h.kind]),
            context,
          ).toEqual([[who, 'promote']])
          expect(bySubject, context).toHaveLength(1)
        } else {
          lost.push(i)
          expect(exit.code, context).toBe(1)
          expect(exit.stderr, context).toMatch(/LEDGER_RACE_LOST|lost the race/)
          expect(inHistory, context).toEqual([])
          expect(bySubject, context).toEqual([])
        }
      })
      console.log(
        `promote race: ${won.length} won, ${lost.length} lost (racers ${lost.join(', ') || 'none'}); ` +
          `${barrier.arrivals()} pushes reached the ledger`,
      )
      // Contention happened: some racers won and some lost every round.
      expect(won.length).toBeGreaterThanOrEqual(1)
      expect(lost.length).toBeGreaterThanOrEqual(1)
      expect(won.length + lost.length).toBe(RACERS)
      expect(barrier.arrivals()).toBeGreaterThan(RACERS)
      // One commit per winner on the environment file, and a history of exactly the winners.
      expect(subjects).toHaveLength(won.length)
      expect(file.history).toHaveLength(won.length)
      expect(file.current?.digest).toBe(file.history[0]?.digest)
      if (won.length > 1) expect(file.previous?.digest).toBe(file.history[1]?.digest)

      // The registry projections converged on the ledger's last commit.
      const store = new RegistryStore(registry.host, 'apps/race', {})
      expect(await tagOf(store, 'production')).toBe(file.current?.digest)
      expect(await tagOf(store, 'production-previous')).toBe(file.previous?.digest)
      const status = await run({ command: 'status', image, ledger })
      expect(status.outputs.drift).toBe('false')
    }, 120_000)
  })

  describe('a promote process killed between the ledger commit and the tag writes', () => {
    // Long enough that a loaded machine still kills the process while its write is held; the
    // held write is dropped when the process dies, so the length costs no time.
    const HOLD_MS = 15_000
    const SEED = 'seed/crash'
    let proxy: FaultProxy
    let tests = 0
    // Each test gets its own ledger and its own copy of the seed repository's three releases.
    let direct: string
    let proxied: string
    let ledger: string
    let store: RegistryStore
    const d: string[] = []

    beforeAll(async () => {
      proxy = await startFaultProxy(registry.host)
      for (let i = 0; i < 3; i++) d.push(await release(`${registry.host}/${SEED}`))
    }, 120_000)

    beforeEach(async () => {
      tests++
      const repository = `apps/crash-${tests}`
      cloneRepository(registry, SEED, repository)
      direct = `${registry.host}/${repository}`
      proxied = `${proxy.host}/${repository}`
      ledger = newLedger(`crash-ledger-${tests}`)
      store = new RegistryStore(registry.host, repository, {})
      // A is in place, tags included, before any crash.
      const first = await run({
        command: 'promote',
        image: direct,
        ledger,
        environment: 'production',
        digest: d[0]!,
        'verify-key': pub,
      })
      expect(first.outputs.promoted).toBe('true')
      proxy.setDelay(
        (method, path) =>
          method === 'PUT' && path.startsWith(`/v2/${repository}/manifests/production`),
        HOLD_MS,
      )
    }, 60_000)

    afterAll(async () => {
      await proxy?.stop()
    })

    /**
     * Promotes `digest` through the proxy in a child process and SIGKILLs it once the ledger has
     * its commit and the proxy holds its first tag write, so the write never reaches the registry.
     */
    const promoteAndKill = async (digest: string, user: string): Promise<void> => {
      const before = ledgerHead(ledger)
      const heldBefore = proxy.delayed.length
      const child = spawnCli(
        [
          'promote',
          '--image',
          proxied,
          '--environment',
          'production',
          '--digest',
          digest,
          '--ledger',
          ledger,
          '--verify-key',
          pub,
        ],
        user,
      )
      const exited = collect(child)
      let done: Exit | undefined
      void exited.then((e) => (done = e))
      await pollUntil(() => {
        if (done) throw new Error(`promote exited before it could be killed:\n${done.stderr}`)
        const moved = ledgerHead(ledger) !== before
        return moved && proxy.delayed.slice(heldBefore).some((r) => r.state === 'holding')
      }, 'promote never reached its tag writes')
      child.kill('SIGKILL')
      const exit = await exited
      expect(exit.signal).toBe('SIGKILL')
      // The proxy sees the connection close and drops the held write instead of forwarding it.
      await pollUntil(
        () => !proxy.delayed.slice(heldBefore).some((r) => r.state === 'holding'),
        'the held tag write was not dropped',
      )
      const held = proxy.delayed.slice(heldBefore)
      expect(held.map((r) => r.state)).toEqual(['dropped'])
      expect(exit.stderr).toMatch(/ledger: production: promote/)
    }

    const status = async (repair = false) => {
      const lines: string[] = []
      const inputs: Record<string, string> = { command: 'status', image: direct, ledger }
      if (repair) inputs.repair = 'true'
      const result = await run(inputs, { logger: recordingLogger(lines) })
      return { result, lines }
    }

    it('status reports the drift and status --repair heals it', async () => {
      const [a, b] = [d[0]!, d[1]!]
      await promoteAndKill(b, 'crasher-1')
      const file = envFile(ledger, 'production')
      expect([file.current?.digest, file.previous?.digest]).toEqual([b, a])
      expect(file.current?.by).toBe('crasher-1')
      // The ledger moved; the registry did not.
      expect(await tagOf(store, 'production')).toBe(a)
      expect(await tagOf(store, 'production-previous')).toBeUndefined()

      const drifted = await status()
      expect(drifted.result.outputs.drift).toBe('true')
      expect(drifted.result.summary).toMatch(/\| production \|.*production: /)
      expect(drifted.lines).toContain(
        `warning: drift: tag production is ${a} in the registry, ${b} in the ledger`,
      )
      expect(drifted.lines).toContain(
        `warning: drift: tag production-previous is missing in the registry, ${a} in the ledger`,
      )
      await expect(
        run({ command: 'status', image: direct, ledger, 'fail-on-drift': 'true' }),
      ).rejects.toThrow(/differ from the ledger: production, production-previous/)

      const headBefore = ledgerHead(ledger)
      const repaired = await status(true)
      expect(repaired.result.outputs.drift).toBe('false')
      expect(await tagOf(store, 'production')).toBe(b)
      expect(await tagOf(store, 'production-previous')).toBe(a)
      expect(ledgerHead(ledger)).toBe(headBefore)
      expect((await status()).result.outputs.drift).toBe('false')
    }, 60_000)

    it('the next promote of the digest already in the ledger heals the tags without a commit', async () => {
      const [a, b, c] = [d[0]!, d[1]!, d[2]!]
      // B in place, tags included, then a crash promoting C.
      const second = await run({
        command: 'promote',
        image: direct,
        ledger,
        environment: 'production',
        digest: b,
        'verify-key': pub,
      })
      expect(second.outputs.promoted).toBe('true')
      await promoteAndKill(c, 'crasher-2')
      const file = envFile(ledger, 'production')
      expect([file.current?.digest, file.previous?.digest]).toEqual([c, b])
      expect(await tagOf(store, 'production')).toBe(b)
      expect(await tagOf(store, 'production-previous')).toBe(a)
      expect((await status()).result.outputs.drift).toBe('true')

      const headBefore = ledgerHead(ledger)
      const again = await run({
        command: 'promote',
        image: direct,
        ledger,
        environment: 'production',
        digest: c,
        'verify-key': pub,
      })
      expect(again.outputs).toMatchObject({ digest: c, promoted: 'false' })
      expect(ledgerHead(ledger)).toBe(headBefore)
      expect(await tagOf(store, 'production')).toBe(c)
      expect(await tagOf(store, 'production-previous')).toBe(b)
      expect((await status()).result.outputs.drift).toBe('false')
    }, 60_000)
  })
})
