import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { applyHold, parseEnvironment, serializeEnvironment } from '../src/release/environment.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { cloneRepository } from './helpers/clone-repository.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

// Issue 15, item 6 (ledger): what the git server does to a push that the happy path never sees,
// each against the real registry and a real bare repository whose hooks play the other side.

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const PASS = 'pw'
const BRANCH = 'release-ledger'
const ENV = 'production'

describe.skipIf(!ok)('ledger faults', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let key: string
  let pub: string
  const SEED = 'seed/faults'
  const digests: Record<string, string> = {}
  // Each test: its own ledger, repository copy and scratch folder.
  let tests = 0
  let ledger: string
  let repository: string
  let image: string
  let scratch: string

  const git = (args: string[], cwd?: string): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    }).trim()
  const onLedger = (...args: string[]): string => git(['--git-dir', ledger, ...args])
  const head = (): string => onLedger('rev-parse', '--verify', '-q', `refs/heads/${BRANCH}`)
  const commitCount = (): number => Number(onLedger('rev-list', '--count', BRANCH))
  const ledgerFile = (path: string): string => onLedger('show', `${BRANCH}:${path}`)

  const run = (inputs: Record<string, string>): Promise<CommandResult> => {
    const env = { PATH: process.env.PATH, HOME: work, USER: 'tester' }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger: nullLogger, env, cwd: repo },
    )
  }
  const promote = (digest: string): Promise<CommandResult> =>
    run({ command: 'promote', image, ledger, environment: ENV, digest, 'verify-key': pub })

  const store = (): RegistryStore => new RegistryStore(registry.host, repository, {})
  const tags = async (): Promise<string> => {
    const s = store()
    const all = (await s.listTags()).sort()
    const pointed = await Promise.all(
      all.map(async (t) => `${t}=${(await s.headManifest(t))?.digest}`),
    )
    return pointed.join('\n')
  }
  /** The ledger's refs and loose and packed objects, and every registry tag. */
  const snapshot = async (): Promise<string> =>
    `${onLedger('for-each-ref')}\n${onLedger('count-objects', '-v')}\n${await tags()}`

  const caught = async (p: Promise<unknown>): Promise<ReleaseError> => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(ReleaseError)
    return e as ReleaseError
  }

  const hook = (name: string, script: string): void => {
    const path = join(ledger, 'hooks', name)
    writeFileSync(path, `#!/bin/sh\n${script}\n`)
    chmodSync(path, 0o755)
  }

  /**
   * Another writer: commits `file` with `content` on top of the branch, straight into the
   * repository (as a person's hand edit, or a job that won the race, would land).
   */
  const writerScript = (file: string, content: string, message: string): string => {
    writeFileSync(join(scratch, 'content'), content)
    const script = join(scratch, 'other-writer.sh')
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        // Inside a hook: work on the repository itself, not in the push's quarantine.
        'unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES',
        `export GIT_DIR='${ledger}' GIT_INDEX_FILE='${scratch}/index'`,
        'export GIT_AUTHOR_NAME=other GIT_AUTHOR_EMAIL=o@e GIT_COMMITTER_NAME=other GIT_COMMITTER_EMAIL=o@e',
        `old=$(git rev-parse refs/heads/${BRANCH}) || exit 1`,
        `blob=$(git hash-object -w '${scratch}/content') || exit 1`,
        'rm -f "$GIT_INDEX_FILE"',
        'git read-tree "$old" || exit 1',
        `git update-index --add --cacheinfo "100644,$blob,${file}" || exit 1`,
        'tree=$(git write-tree) || exit 1',
        `new=$(echo '${message}' | git commit-tree "$tree" -p "$old") || exit 1`,
        `git update-ref refs/heads/${BRANCH} "$new" "$old" || exit 1`,
        `echo "$new" > '${scratch}/landed'`,
      ].join('\n'),
    )
    chmodSync(script, 0o755)
    return script
  }
  const otherWriterNow = (file: string, content: string, message: string): void => {
    execFileSync(writerScript(file, content, message))
  }
  /**
   * A pre-receive hook that has the other writer land its commit during the first push after it
   * is armed, then lets that push go on: the push's expected old head is no longer the branch's,
   * as when another job wins the race between our read and our push.
   */
  const armOtherWriter = (file: string, content: string, message: string): void => {
    const script = writerScript(file, content, message)
    writeFileSync(join(scratch, 'armed'), '')
    hook(
      'pre-receive',
      `[ -f '${scratch}/armed' ] || exit 0\nrm -f '${scratch}/armed'\n'${script}' || exit 1`,
    )
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ledger-faults-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    key = keyFiles.key
    pub = keyFiles.pub
    repo = join(work, 'repo')
    mkdirSync(repo)
    git(['init', '-q', '-b', 'main'], repo)
    for (const name of ['A', 'B']) {
      writeFileSync(join(repo, 'index.html'), `${name}\n`)
      git(['add', '.'], repo)
      git(['commit', '-q', '-m', name], repo)
      const r = await run({
        image: `${registry.host}/${SEED}`,
        context: repo,
        'signing-key': key,
        'signing-key-passphrase': PASS,
      })
      digests[name] = r.outputs.digest!
    }
  }, 120_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  beforeEach(() => {
    tests++
    ledger = join(work, `ledger-${tests}.git`)
    git(['init', '-q', '--bare', '--template=', ledger])
    mkdirSync(join(ledger, 'hooks'), { recursive: true })
    repository = `apps/faults-${tests}`
    image = `${registry.host}/${repository}`
    cloneRepository(registry, SEED, repository)
    scratch = mkdtempSync(join(work, 'scratch-'))
  })

  describe('a push the server refuses', () => {
    it('fails with the server’s reason and writes nothing, in the ledger or the registry', async () => {
      const a = digests.A!
      const b = digests.B!
      expect((await promote(a)).outputs.promoted).toBe('true')
      hook('pre-receive', `echo 'ledger is frozen for the audit' >&2\nexit 1`)
      const before = await snapshot()
      expect(before).toContain(`${ENV}=${a}`)

      const err = await caught(promote(b))
      expect(err.code).toBe('LEDGER_UNREACHABLE')
      expect(err.message).toMatch(/pre-receive hook declined/)
      expect(err.message).toContain('ledger is frozen for the audit')
      expect(err.hint).toMatch(/refuses this push/)
      // The pushed objects stayed in the push's quarantine, which the refusal threw away.
      expect(await snapshot()).toBe(before)

      // Positive control: the same promote lands once the server accepts it.
      rmSync(join(ledger, 'hooks', 'pre-receive'))
      expect((await promote(b)).outputs.promoted).toBe('true')
      expect(await snapshot()).not.toBe(before)
      expect(await tags()).toContain(`${ENV}=${b}`)
    }, 60_000)
  })

  describe('a push reported failed that landed', () => {
    let path: string | undefined
    afterEach(() => {
      if (path !== undefined) process.env.PATH = path
      path = undefined
    })

    /**
     * A git first on PATH that logs each command, and for the commands named in `${scratch}/fail`
     * runs the real one and then exits 128, as if the connection dropped after the server had
     * answered; for those in `${scratch}/drop` it exits 128 without running anything.
     */
    const flakyGit = (): void => {
      const bin = join(scratch, 'bin')
      mkdirSync(bin)
      const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()
      writeFileSync(
        join(bin, 'git'),
        [
          '#!/bin/sh',
          `echo "$1" >> '${scratch}/log'`,
          `if grep -qx "$1" '${scratch}/drop' 2>/dev/null; then`,
          "  echo 'fatal: unable to access the ledger' >&2",
          '  exit 128',
          'fi',
          `'${real}' "$@"`,
          'code=$?',
          `if [ $code -eq 0 ] && grep -qx "$1" '${scratch}/fail' 2>/dev/null; then`,
          "  echo 'fatal: the remote end hung up unexpectedly' >&2",
          '  exit 128',
          'fi',
          'exit $code',
        ].join('\n'),
      )
      chmodSync(join(bin, 'git'), 0o755)
      path = process.env.PATH
      process.env.PATH = `${bin}${delimiter}${path ?? ''}`
    }
    const calls = (command: string): number =>
      existsSync(join(scratch, 'log'))
        ? readFileSync(join(scratch, 'log'), 'utf8')
            .split('\n')
            .filter((l) => l === command).length
        : 0

    it('asks the server, sees its commit there and counts it as landed, once', async () => {
      flakyGit()
      writeFileSync(join(scratch, 'fail'), 'push\n')
      const a = await promote(digests.A!)
      expect(a.outputs).toMatchObject({ digest: digests.A, promoted: 'true' })
      // One push, reported failed, and no second attempt: the ledger holds the move once.
      expect(calls('push')).toBe(1)
      expect(calls('ls-remote')).toBe(1)
      expect(commitCount()).toBe(1)
      expect(await tags()).toContain(`${ENV}=${digests.A}`)

      // Positive control: a push that fails without reaching the server is not taken as landed.
      writeFileSync(join(scratch, 'fail'), '')
      writeFileSync(join(scratch, 'drop'), 'push\n')
      const err = await caught(promote(digests.B!))
      expect(err.code).toBe('LEDGER_UNREACHABLE')
      expect(err.message).toContain('unable to access the ledger')
      expect(calls('push')).toBe(2)
      expect(calls('ls-remote')).toBe(2)
      expect(commitCount()).toBe(1)
    }, 60_000)

    it('fails when it cannot tell, and the next run sees the landed state and does not apply it again', async () => {
      flakyGit()
      // The push lands, its report is lost, and so is the question to the server.
      writeFileSync(join(scratch, 'fail'), 'push\nls-remote\n')
      const err = await caught(promote(digests.A!))
      expect(err.code).toBe('LEDGER_UNREACHABLE')
      expect(calls('push')).toBe(1)
      expect(commitCount()).toBe(1)
      const landed = head()
      expect(JSON.parse(ledgerFile(`environments/${ENV}.json`)).current.digest).toBe(digests.A)

      writeFileSync(join(scratch, 'fail'), '')
      const again = await promote(digests.A!)
      expect(again.outputs).toMatchObject({ digest: digests.A, promoted: 'false' })
      expect(head()).toBe(landed)
      expect(calls('push')).toBe(1)
      // The tags the failed run never wrote are written from the ledger now.
      expect(await tags()).toContain(`${ENV}=${digests.A}`)
    }, 60_000)
  })

  describe('a corrupt bad.json', () => {
    for (const [what, content] of [
      ['not JSON', '{"digest": '],
      ['not a list of marks', '{"digest": "sha256:x"}\n'],
    ] as const) {
      it(`(${what}) stops a promote with LEDGER_CORRUPT naming the file, writing nothing`, async () => {
        expect((await promote(digests.A!)).outputs.promoted).toBe('true')
        otherWriterNow('bad.json', content, 'hand edit of bad.json')
        expect(ledgerFile('bad.json')).toBe(content.trim())

        const before = await snapshot()
        const err = await caught(promote(digests.B!))
        expect(err.code).toBe('LEDGER_CORRUPT')
        expect(err.message).toContain('bad.json')
        expect(err.hint).toMatch(/git log -- bad\.json/)
        expect(await snapshot()).toBe(before)

        // Positive control: with the file repaired, the same promote goes through.
        otherWriterNow('bad.json', '[]\n', 'repair bad.json')
        expect((await promote(digests.B!)).outputs.promoted).toBe('true')
      }, 60_000)
    }
  })

  describe('gates checked again when another writer lands first', () => {
    it('a hold that lands between our read and our push stops the promote, and stays', async () => {
      const a = digests.A!
      expect((await promote(a)).outputs.promoted).toBe('true')
      const held = applyHold(parseEnvironment(ledgerFile(`environments/${ENV}.json`), ENV), {
        by: 'other',
        at: '2026-01-01T00:00:00Z',
        reason: 'incident 42',
      })
      armOtherWriter(
        `environments/${ENV}.json`,
        serializeEnvironment(held),
        `${ENV}: hold by other`,
      )
      const tagsBefore = await tags()

      const err = await caught(promote(digests.B!))
      expect(err.code).toBe('GATE_REFUSED')
      expect(err.message).toContain("gate 'on-hold'")
      expect(err.message).toContain('incident 42')
      // The other writer's commit is the head, untouched by ours.
      const landed = readFileSync(join(scratch, 'landed'), 'utf8').trim()
      expect(head()).toBe(landed)
      expect(onLedger('log', '-1', '--format=%s', BRANCH)).toBe(`${ENV}: hold by other`)
      const file = parseEnvironment(ledgerFile(`environments/${ENV}.json`), ENV)
      expect(file.hold?.reason).toBe('incident 42')
      expect(file.current?.digest).toBe(a)
      expect(await tags()).toBe(tagsBefore)
      expect(tagsBefore).toContain(`${ENV}=${a}`)
    }, 60_000)

    it('a mark-bad that lands between our read and our push stops the promote', async () => {
      const a = digests.A!
      const b = digests.B!
      expect((await promote(a)).outputs.promoted).toBe('true')
      const marks = [{ digest: b, by: 'other', at: '2026-01-01T00:00:00Z', reason: 'CVE-1' }]
      armOtherWriter('bad.json', `${JSON.stringify(marks, null, 2)}\n`, `mark ${b} bad everywhere`)
      const tagsBefore = await tags()

      const err = await caught(promote(b))
      expect(err.code).toBe('GATE_REFUSED')
      expect(err.message).toContain("gate 'marked-bad'")
      expect(head()).toBe(readFileSync(join(scratch, 'landed'), 'utf8').trim())
      expect(parseEnvironment(ledgerFile(`environments/${ENV}.json`), ENV).current?.digest).toBe(a)
      expect(await tags()).toBe(tagsBefore)
    }, 60_000)
  })
})
