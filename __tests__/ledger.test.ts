import { execFileSync } from 'node:child_process'
import { constants } from 'node:fs'
import { access, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ReleaseError, UserError } from '../src/errors.js'
import {
  commitWithRetry,
  environmentPath,
  fetchArgs,
  gitEnv,
  Ledger,
  lsRemoteArgs,
  pushArgs,
  releasePath,
  type LedgerOptions,
} from '../src/release/ledger.js'

const BRANCH = 'release-ledger'
const AUTHOR = { name: 'Ledger Test', email: 'ledger@example.com' }
const DIGEST = `sha256:${'ab'.repeat(32)}`
const TOKEN = 'ghs_secretTokenValue123'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ir-ledger-'))
  dirs.push(dir)
  return dir
}

/** Git as a test inspects the remote: nothing from the machine's config leaks in. */
function git(args: string[]): string {
  return execFileSync('git', args, {
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' },
  }).trim()
}

async function bareRemote(): Promise<string> {
  const dir = join(await tempDir(), 'remote.git')
  git(['init', '--bare', '--quiet', '--template=', dir])
  return dir
}

async function open(url: string, extra: Partial<LedgerOptions> = {}): Promise<Ledger> {
  return Ledger.open({ url, branch: BRANCH, author: AUTHOR, workDir: await tempDir(), ...extra })
}

function remoteHead(remote: string): string | undefined {
  try {
    return git(['--git-dir', remote, 'rev-parse', '--verify', '-q', `refs/heads/${BRANCH}`])
  } catch {
    return undefined
  }
}

function remoteFile(remote: string, path: string): string {
  return git(['--git-dir', remote, 'show', `refs/heads/${BRANCH}:${path}`])
}

function remoteSubjects(remote: string): string[] {
  return git(['--git-dir', remote, 'log', '--format=%s', `refs/heads/${BRANCH}`]).split('\n')
}

async function caught(p: Promise<unknown>): Promise<ReleaseError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ReleaseError)
    return e as ReleaseError
  }
  throw new Error('expected a rejection')
}

describe('paths', () => {
  it('names release and environment files', () => {
    expect(releasePath(DIGEST)).toBe(`releases/sha256-${'ab'.repeat(32)}.json`)
    expect(environmentPath('production')).toBe('environments/production.json')
  })

  it('refuses names that could leave their folder', () => {
    expect(() => releasePath('sha256:../../x')).toThrow(UserError)
    expect(() => environmentPath('../bad')).toThrow(UserError)
    expect(() => environmentPath('a/b')).toThrow(/environment name/)
  })
})

describe('Ledger', () => {
  it('creates the branch on first use; read and list follow it', async () => {
    const remote = await bareRemote()
    const a = await open(remote)
    expect(a.head).toBeUndefined()
    expect(await a.read(environmentPath('staging'))).toBeUndefined()
    expect(await a.list('environments')).toEqual([])

    const first = await a.commit(
      {
        [environmentPath('staging')]: '{"v":1}\n',
        [releasePath(DIGEST)]: '{"record":true}\n',
      },
      `staging: promote ${DIGEST}`,
    )
    expect(first).toBe('committed')
    expect(a.head).toMatch(/^[0-9a-f]{40}$/)
    expect(remoteHead(remote)).toBe(a.head)
    expect(remoteFile(remote, 'environments/staging.json')).toBe('{"v":1}')

    expect(await a.read('environments/staging.json')).toBe('{"v":1}\n')
    expect(await a.read('environments/missing.json')).toBeUndefined()
    // A folder is not a file.
    expect(await a.read('environments')).toBeUndefined()
    expect(await a.list('environments')).toEqual(['staging.json'])
    expect(await a.list('releases/')).toEqual([`sha256-${'ab'.repeat(32)}.json`])
    expect(await a.list('')).toEqual([])

    // Files not named in a commit are kept from head's tree.
    expect(await a.commit({ 'bad.json': '[]\n' }, 'mark nothing bad')).toBe('committed')
    expect(await a.commit({ [environmentPath('staging')]: '{"v":2}\n' }, 'staging: v2')).toBe(
      'committed',
    )
    expect(await a.read(releasePath(DIGEST))).toBe('{"record":true}\n')
    expect(await a.list('')).toEqual(['bad.json'])

    expect(remoteSubjects(remote)).toEqual([
      'staging: v2',
      'mark nothing bad',
      `staging: promote ${DIGEST}`,
    ])

    const b = await open(remote)
    expect(b.head).toBe(a.head)
    expect(await b.read(environmentPath('staging'))).toBe('{"v":2}\n')
    expect(await b.read('bad.json')).toBe('[]\n')
  })

  it('keeps multi-line messages whole', async () => {
    const remote = await bareRemote()
    const a = await open(remote)
    await a.commit({ 'bad.json': '[]\n' }, 'mark bad\n\nreason: broken login\nby: alice')
    expect(git(['--git-dir', remote, 'log', '-1', '--format=%B', BRANCH])).toBe(
      'mark bad\n\nreason: broken login\nby: alice',
    )
  })

  it('is a compare-and-swap: the writer who read a stale head is rejected', async () => {
    const remote = await bareRemote()
    const seed = await open(remote)
    await seed.commit({ 'state.txt': 'seed\n' }, 'seed')

    const a = await open(remote)
    const b = await open(remote)
    expect(a.head).toBe(b.head)
    const base = b.head

    expect(await a.commit({ 'state.txt': 'A\n' }, 'A wins')).toBe('committed')
    expect(await b.commit({ 'state.txt': 'B\n' }, 'B loses')).toBe('rejected')
    expect(b.head).toBe(base)
    expect(remoteHead(remote)).toBe(a.head)
    expect(remoteFile(remote, 'state.txt')).toBe('A')

    await b.refresh()
    expect(b.head).toBe(a.head)
    expect(await b.read('state.txt')).toBe('A\n')
    expect(await b.commit({ 'state.txt': 'A\nB\n' }, 'B after A')).toBe('committed')
    expect(remoteSubjects(remote)).toEqual(['B after A', 'A wins', 'seed'])
  })

  it('lets exactly one of two writers create the branch', async () => {
    const remote = await bareRemote()
    const [a, b] = await Promise.all([open(remote), open(remote)])
    const outcomes = await Promise.all([
      a.commit({ 'who.txt': 'a\n' }, 'created by a'),
      b.commit({ 'who.txt': 'b\n' }, 'created by b'),
    ])
    expect([...outcomes].sort()).toEqual(['committed', 'rejected'])
    const winner = outcomes[0] === 'committed' ? 'a' : 'b'
    expect(remoteSubjects(remote)).toEqual([`created by ${winner}`])
    expect(remoteFile(remote, 'who.txt')).toBe(winner)
  })

  it('sees a branch deleted behind its back as empty again', async () => {
    const remote = await bareRemote()
    const a = await open(remote)
    await a.commit({ 'x.txt': 'x\n' }, 'x')
    git(['--git-dir', remote, 'update-ref', '-d', `refs/heads/${BRANCH}`])
    await a.refresh()
    expect(a.head).toBeUndefined()
    expect(await a.read('x.txt')).toBeUndefined()
  })

  it('reports an unreachable ledger with a hint instead of hanging', async () => {
    const missing = join(await tempDir(), 'does-not-exist.git')
    const err = await caught(open(missing))
    expect(err.code).toBe('LEDGER_UNREACHABLE')
    expect(err.message).toContain(missing)
    expect(err.message).toMatch(/does not appear to be a git repository/)
    expect(err.hint).toMatch(/git init --bare/)
  })

  it('reports a remote that vanished between read and push', async () => {
    const remote = await bareRemote()
    const a = await open(remote)
    await rm(remote, { recursive: true, force: true })
    const err = await caught(a.commit({ 'x.txt': 'x\n' }, 'x'))
    expect(err.code).toBe('LEDGER_UNREACHABLE')
    expect(err.hint).toBeTruthy()
    expect(a.head).toBeUndefined()
  })

  it('fetches a file on first read, and fails rather than read it as absent when it cannot', async () => {
    const remote = await bareRemote()
    // As GitHub does: blobless fetches, each file's content fetched when it is read.
    git(['--git-dir', remote, 'config', 'uploadpack.allowFilter', 'true'])
    const a = await open(remote)
    await a.commit({ 'bad.json': '[]\n', 'other.json': '{}\n' }, 'seed')

    const ok = await open(remote)
    expect(await ok.read('bad.json')).toBe('[]\n')
    const b = await open(remote)
    await rm(remote, { recursive: true, force: true })
    // b knows the file exists (the tree came with the fetch) but not its content.
    expect(await b.list('')).toEqual(['bad.json', 'other.json'])
    const err = await caught(b.read('bad.json'))
    expect(err.code).toBe('LEDGER_UNREACHABLE')
    expect(err.message).toContain('read bad.json from')
    // A file the tree does not have is absent, without asking the server.
    expect(await b.read('missing.json')).toBeUndefined()
  })

  it('refuses ledger paths that could escape the tree, and a bad branch', async () => {
    const a = await open(await bareRemote())
    for (const bad of ['../x', '.git/config', '/abs', 'a//b', 'a\nb']) {
      expect((await caught(a.read(bad))).code).toBe('INTERNAL')
    }
    expect((await caught(a.commit({ '.git/hooks/x': 'x' }, 'x'))).code).toBe('INTERNAL')
    expect((await caught(open(await bareRemote(), { branch: '-x' }))).code).toBe('INPUT_INVALID')
    expect((await caught(open('--upload-pack=touch /tmp/pwned'))).code).toBe('INPUT_INVALID')
  })

  it('resolves a relative path against the working directory, not the scratch repo', async () => {
    const remote = await bareRemote()
    const cwd = process.cwd()
    try {
      process.chdir(join(remote, '..'))
      const a = await open('remote.git')
      expect(a.location).toBe(remote)
      expect(await a.commit({ 'x.txt': 'x\n' }, 'x')).toBe('committed')
    } finally {
      process.chdir(cwd)
    }
    expect(remoteFile(remote, 'x.txt')).toBe('x')
  })
})

describe('commitWithRetry', () => {
  /** Each writer appends its own line to one file, read-modify-write. */
  function appendLine(line: string) {
    return async (ledger: Ledger) => {
      const text = (await ledger.read('lines.txt')) ?? ''
      const lines = text.split('\n').filter((l) => l.length > 0)
      if (lines.includes(line)) return 'noop' as const
      return { files: { 'lines.txt': [...lines, line].join('\n') + '\n' }, message: `add ${line}` }
    }
  }

  async function writers(remote: string, n: number): Promise<Ledger[]> {
    // All open before any writes, so every writer starts from the same head.
    return Promise.all(Array.from({ length: n }, () => open(remote)))
  }

  function linesOf(remote: string): string[] {
    return remoteFile(remote, 'lines.txt').split('\n')
  }

  it('lands every concurrent writer exactly once with enough tries', async () => {
    const remote = await bareRemote()
    const ledgers = await writers(remote, 6)
    const results = await Promise.all(
      ledgers.map((l, i) => commitWithRetry(l, appendLine(`writer-${i}`), { tries: 10 })),
    )
    expect(results.every((r) => r.outcome === 'committed')).toBe(true)
    // Everyone started from the same head, so all but the first had to retry.
    expect(results.some((r) => r.attempts > 1)).toBe(true)
    const lines = linesOf(remote)
    expect([...lines].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `writer-${i}`))
    expect(remoteSubjects(remote)).toHaveLength(6)
    for (const r of results) expect(r.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(results.map((r) => r.commit)).toContain(remoteHead(remote))
  })

  it('reports a lost race after the last try and loses no update', async () => {
    const remote = await bareRemote()
    const ledgers = await writers(remote, 6)
    const settled = await Promise.allSettled(
      ledgers.map((l, i) => commitWithRetry(l, appendLine(`writer-${i}`), { tries: 1 })),
    )
    const won = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [`writer-${i}`] : []))
    const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(5)
    for (const e of lost) {
      expect(e).toBeInstanceOf(ReleaseError)
      expect((e as ReleaseError).code).toBe('LEDGER_RACE_LOST')
      expect((e as ReleaseError).message).toMatch(/lost the race to another writer 1 time/)
    }
    expect(linesOf(remote)).toEqual(won)
  })

  it('writes nothing for a noop', async () => {
    const remote = await bareRemote()
    const a = await open(remote)
    await commitWithRetry(a, appendLine('once'))
    const head = a.head
    const again = await commitWithRetry(a, appendLine('once'))
    expect(again).toEqual({ outcome: 'noop', attempts: 1 })
    expect(a.head).toBe(head)
    expect(remoteHead(remote)).toBe(head)
    expect(remoteSubjects(remote)).toEqual(['add once'])
  })

  it('re-runs the attempt on the new state after a rejection', async () => {
    const remote = await bareRemote()
    const [a, b] = await writers(remote, 2)
    await a.commit({ 'lines.txt': 'from-a\n' }, 'a')
    const seen: (string | undefined)[] = []
    const result = await commitWithRetry(b, async (l) => {
      seen.push(await l.read('lines.txt'))
      return appendLine('from-b')(l)
    })
    expect(result.outcome).toBe('committed')
    expect(result.attempts).toBe(2)
    expect(seen).toEqual([undefined, 'from-a\n'])
    expect(linesOf(remote)).toEqual(['from-a', 'from-b'])
  })

  it('propagates what the attempt throws', async () => {
    const a = await open(await bareRemote())
    const refused = new UserError('INPUT_INVALID', 'gate refused')
    await expect(commitWithRetry(a, () => Promise.reject(refused), { tries: 3 })).rejects.toBe(
      refused,
    )
    expect(a.head).toBeUndefined()
  })
})

describe('credentials', () => {
  const options = { url: 'https://github.com/acme/app.git', token: TOKEN, author: AUTHOR }

  it('passes the token only through environment config', () => {
    const env = gitEnv(options, { PATH: '/usr/bin', HOME: '/home/x' })
    const count = Number(env.GIT_CONFIG_COUNT)
    const config = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        env[`GIT_CONFIG_KEY_${i}`],
        env[`GIT_CONFIG_VALUE_${i}`],
      ]),
    )
    const encoded = Buffer.from(`x-access-token:${TOKEN}`).toString('base64')
    expect(config['http.https://github.com/.extraheader']).toBe(`AUTHORIZATION: basic ${encoded}`)
    // The URL names the remote that a blobless read fetches a file from.
    expect(config['remote.ledger.url']).toBe(options.url)
    expect(env).toMatchObject({
      LC_ALL: 'C',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: AUTHOR.name,
      GIT_COMMITTER_EMAIL: AUTHOR.email,
      PATH: '/usr/bin',
    })

    const argv = [
      ...fetchArgs(BRANCH),
      ...pushArgs(options.url, 'a'.repeat(40), BRANCH),
      ...lsRemoteArgs(options.url, BRANCH),
    ]
    expect(argv.join(' ')).not.toContain(TOKEN)
    expect(argv.join(' ')).not.toContain(encoded)
  })

  it('drops inherited variables that would redirect git', () => {
    const env = gitEnv(options, {
      PATH: '/usr/bin',
      GIT_DIR: '/elsewhere/.git',
      GIT_INDEX_FILE: '/elsewhere/index',
      GIT_CONFIG_PARAMETERS: "'core.hookspath'='/evil'",
      GIT_CONFIG_COUNT: '9',
      GIT_CONFIG_KEY_8: 'x.y',
    })
    expect(env.GIT_DIR).toBeUndefined()
    expect(env.GIT_INDEX_FILE).toBeUndefined()
    expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined()
    expect(env.GIT_CONFIG_KEY_8).toBeUndefined()
    expect(env.GIT_CONFIG_COUNT).toBe('7')
  })

  it('sends no header for ssh or path ledgers, and refuses plain http elsewhere', () => {
    for (const url of ['git@github.com:acme/app.git', '/srv/ledger.git', 'ssh://h/x.git']) {
      const env = gitEnv({ ...options, url }, {})
      expect(JSON.stringify(env)).not.toContain('extraheader')
    }
    expect(() => gitEnv({ ...options, url: 'http://git.example.com/x.git' }, {})).toThrow(
      /unencrypted/,
    )
  })

  it('sends the token as a header over the wire, never in argv or messages', async () => {
    const seen: { url?: string; headers: IncomingHttpHeaders }[] = []
    const server = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers })
      res.statusCode = 403
      res.end('no\n')
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const { port } = server.address() as AddressInfo

    // A git wrapper first on PATH records the argv every ledger command is started with.
    const bin = await tempDir()
    const log = join(bin, 'argv.log')
    await writeFile(
      join(bin, 'git'),
      `#!/bin/sh\nprintf '%s\\n' "$@" >> '${log}'\nexec '${await realGit()}' "$@"\n`,
    )
    await chmod(join(bin, 'git'), 0o755)
    const path = process.env.PATH
    process.env.PATH = `${bin}${delimiter}${path ?? ''}`

    const secrets: string[] = []
    try {
      const err = await caught(
        open(`http://127.0.0.1:${port}/acme/ledger.git`, {
          token: TOKEN,
          onSecret: (s) => secrets.push(s),
        }),
      )
      expect(err.code).toBe('LEDGER_UNREACHABLE')
      expect(err.hint).toMatch(/contents: write/)
      const encoded = Buffer.from(`x-access-token:${TOKEN}`).toString('base64')
      expect(`${err.message} ${err.hint}`).not.toContain(TOKEN)
      expect(`${err.message} ${err.hint}`).not.toContain(encoded)
      expect(secrets).toContain(TOKEN)
      expect(secrets).toContain(encoded)

      expect(seen.length).toBeGreaterThan(0)
      expect(seen[0]!.url).toMatch(/^\/acme\/ledger\.git\/info\/refs/)
      expect(seen[0]!.headers.authorization).toBe(`basic ${encoded}`)

      const argv = await readFile(log, 'utf8')
      expect(argv).toContain('fetch')
      expect(argv).not.toContain(TOKEN)
      expect(argv).not.toContain(encoded)
    } finally {
      process.env.PATH = path
      await new Promise((done) => server.close(done))
    }
  })

  it('keeps a password written into the URL out of messages', async () => {
    const secrets: string[] = []
    const err = await caught(
      open('http://user:pa55word@127.0.0.1:1/x.git', { onSecret: (s) => secrets.push(s) }),
    )
    expect(err.code).toBe('LEDGER_UNREACHABLE')
    expect(err.message).not.toContain('pa55word')
    expect(secrets).toEqual(['pa55word'])
  })
})

async function realGit(): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'git')
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  throw new Error('git not on PATH')
}
