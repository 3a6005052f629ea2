import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ReleaseError, UserError } from '../src/errors.js'
import {
  assertClean,
  normalizeSourceUrl,
  readCommit,
  type CommitFacts,
} from '../src/release/git.js'

const FIRST_DATE = 1_700_000_000
const SECOND_DATE = 1_700_000_600
/** Facts read outside Actions: no GITHUB_* variable leaks in from the machine running the test. */
const NO_CI: NodeJS.ProcessEnv = {}

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ir-git-'))
  dirs.push(dir)
  return dir
}

function git(cwd: string, args: string[], date = FIRST_DATE): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
    ].concat(args),
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: `@${date} +0000`,
        GIT_COMMITTER_DATE: `@${date} +0000`,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: cwd,
      },
    },
  ).trim()
}

/** A repository with one commit (app.txt, .gitignore ignoring *.log); returns its folder. */
async function repo(): Promise<string> {
  const dir = await tempDir()
  git(dir, ['init', '-q', '-b', 'main'])
  await writeFile(join(dir, 'app.txt'), 'hello\n')
  await writeFile(join(dir, '.gitignore'), '*.log\n')
  git(dir, ['add', '-A'])
  git(dir, ['commit', '-q', '-m', 'first'])
  return dir
}

async function secondCommit(dir: string): Promise<string> {
  await writeFile(join(dir, 'app.txt'), 'hello again\n')
  git(dir, ['commit', '-q', '-am', 'second'], SECOND_DATE)
  return git(dir, ['rev-parse', 'HEAD'])
}

async function failure(promise: Promise<unknown>): Promise<ReleaseError> {
  try {
    await promise
  } catch (e) {
    expect(e).toBeInstanceOf(ReleaseError)
    return e as ReleaseError
  }
  throw new Error('expected an error, but the promise resolved')
}

describe('readCommit', () => {
  it('reads commit, tree and the committer time', async () => {
    const dir = await repo()
    const facts = await readCommit({ cwd: dir, env: NO_CI })
    expect(facts.commit).toBe(git(dir, ['rev-parse', 'HEAD']))
    expect(facts.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(facts.tree).toBe(git(dir, ['rev-parse', 'HEAD^{tree}']))
    expect(facts.tree).toMatch(/^[0-9a-f]{40}$/)
    expect(facts.commitTime).toBe(FIRST_DATE)
    expect(facts.head).toBe(facts.commit)
    expect(facts.ref).toBe('refs/heads/main')
    expect(facts.sourceUrl).toBeUndefined()
    expect(facts.dirtyPaths).toEqual([])
  })

  it('works from a subfolder of the checkout', async () => {
    const dir = await repo()
    await mkdir(join(dir, 'sub'))
    await writeFile(join(dir, 'sub', 'new.txt'), 'x')
    const facts = await readCommit({ cwd: join(dir, 'sub'), env: NO_CI })
    expect(facts.commit).toBe(git(dir, ['rev-parse', 'HEAD']))
    // Paths stay relative to the repository root, not to the folder asked about.
    expect(facts.dirtyPaths).toEqual(['sub/'])
  })

  it('lists modified, staged and untracked paths, but not ignored ones', async () => {
    const dir = await repo()
    await writeFile(join(dir, 'app.txt'), 'changed\n')
    await writeFile(join(dir, 'staged.txt'), 'staged\n')
    git(dir, ['add', 'staged.txt'])
    await writeFile(join(dir, 'untracked file.txt'), 'new\n')
    await writeFile(join(dir, 'debug.log'), 'ignored\n')
    const facts = await readCommit({ cwd: dir, env: NO_CI })
    expect([...facts.dirtyPaths].sort()).toEqual(['app.txt', 'staged.txt', 'untracked file.txt'])
  })

  it('lists both sides of a staged rename', async () => {
    const dir = await repo()
    git(dir, ['mv', 'app.txt', 'renamed.txt'])
    const facts = await readCommit({ cwd: dir, env: NO_CI })
    expect([...facts.dirtyPaths].sort()).toEqual(['app.txt', 'renamed.txt'])
  })

  it('takes GITHUB_SHA when set, with that commit’s tree and time', async () => {
    const dir = await repo()
    const first = git(dir, ['rev-parse', 'HEAD'])
    const second = await secondCommit(dir)
    const facts = await readCommit({ cwd: dir, env: { GITHUB_SHA: first } })
    expect(facts.commit).toBe(first)
    expect(facts.tree).toBe(git(dir, ['rev-parse', `${first}^{tree}`]))
    expect(facts.commitTime).toBe(FIRST_DATE)
    expect(facts.head).toBe(second)
  })

  it('refuses a GITHUB_SHA that is not 40 hex before it reaches git', async () => {
    const dir = await repo()
    const e = await failure(readCommit({ cwd: dir, env: { GITHUB_SHA: '--output=/tmp/x' } }))
    expect(e).toBeInstanceOf(UserError)
    expect(e.message).toContain('GITHUB_SHA')
  })

  it('refuses a GITHUB_SHA that is not in the local repository', async () => {
    const dir = await repo()
    const e = await failure(readCommit({ cwd: dir, env: { GITHUB_SHA: 'b'.repeat(40) } }))
    expect(e.code).toBe('COMMIT_MISSING')
    expect(e.hint).toContain('fetch-depth')
  })

  describe('pull request events', () => {
    async function event(dir: string, body: unknown): Promise<string> {
      const path = join(dir, '..', `${dir.split('/').pop()}-event.json`)
      dirs.push(path)
      await writeFile(path, JSON.stringify(body))
      return path
    }

    it('resolve the head commit, not the merge commit GITHUB_SHA', async () => {
      const dir = await repo()
      const head = git(dir, ['rev-parse', 'HEAD'])
      const merge = await secondCommit(dir)
      for (const name of ['pull_request', 'pull_request_target']) {
        const facts = await readCommit({
          cwd: dir,
          env: {
            GITHUB_EVENT_NAME: name,
            GITHUB_EVENT_PATH: await event(dir, { pull_request: { head: { sha: head } } }),
            GITHUB_SHA: merge,
            GITHUB_REF: 'refs/pull/7/merge',
          },
        })
        expect(facts.commit).toBe(head)
        expect(facts.commitTime).toBe(FIRST_DATE)
        expect(facts.ref).toBe('refs/pull/7/merge')
      }
    })

    it('fail with a checkout hint when the head commit is not fetched', async () => {
      const dir = await repo()
      const merge = git(dir, ['rev-parse', 'HEAD'])
      const e = await failure(
        readCommit({
          cwd: dir,
          env: {
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: await event(dir, {
              pull_request: { head: { sha: 'c'.repeat(40) } },
            }),
            GITHUB_SHA: merge,
          },
        }),
      )
      expect(e).toBeInstanceOf(UserError)
      expect(e.code).toBe('COMMIT_MISSING')
      expect(e.message).toContain('c'.repeat(40))
      expect(e.hint).toContain('ref: ${{ github.event.pull_request.head.sha }}')
      expect(e.hint).toContain('fetch-depth: 0')
    })

    it('fall back to GITHUB_SHA without a readable event file', async () => {
      const dir = await repo()
      const sha = git(dir, ['rev-parse', 'HEAD'])
      const facts = await readCommit({
        cwd: dir,
        env: {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: join(dir, 'missing.json'),
          GITHUB_SHA: sha,
        },
      })
      expect(facts.commit).toBe(sha)
    })

    it('are not consulted for other events', async () => {
      const dir = await repo()
      const first = git(dir, ['rev-parse', 'HEAD'])
      const second = await secondCommit(dir)
      const facts = await readCommit({
        cwd: dir,
        env: {
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: await event(dir, { pull_request: { head: { sha: first } } }),
          GITHUB_SHA: second,
        },
      })
      expect(facts.commit).toBe(second)
    })
  })

  describe('ref', () => {
    it('is GITHUB_REF when set', async () => {
      const dir = await repo()
      const facts = await readCommit({ cwd: dir, env: { GITHUB_REF: 'refs/tags/v9.9.9' } })
      expect(facts.ref).toBe('refs/tags/v9.9.9')
    })

    it('is the one tag pointing at a detached HEAD', async () => {
      const dir = await repo()
      git(dir, ['tag', '-a', '-m', 'release', 'v1.2.3'])
      git(dir, ['checkout', '-q', '--detach'])
      const facts = await readCommit({ cwd: dir, env: NO_CI })
      expect(facts.ref).toBe('refs/tags/v1.2.3')
    })

    it('is absent when several tags point at a detached HEAD', async () => {
      const dir = await repo()
      git(dir, ['tag', 'v1.2.3'])
      git(dir, ['tag', 'v1.2.4'])
      git(dir, ['checkout', '-q', '--detach'])
      const facts = await readCommit({ cwd: dir, env: NO_CI })
      expect(facts.ref).toBeUndefined()
    })
  })

  describe('sourceUrl', () => {
    it('is GITHUB_SERVER_URL/GITHUB_REPOSITORY when both are set, over the remote', async () => {
      const dir = await repo()
      git(dir, ['remote', 'add', 'origin', 'git@example.com:other/repo.git'])
      const facts = await readCommit({
        cwd: dir,
        env: { GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'acme/shop' },
      })
      expect(facts.sourceUrl).toBe('https://github.com/acme/shop')
    })

    it('is the origin remote, without its credentials', async () => {
      const dir = await repo()
      git(dir, [
        'remote',
        'add',
        'origin',
        'https://x-access-token:ghs_secret@github.com/acme/shop.git',
      ])
      const facts = await readCommit({ cwd: dir, env: NO_CI })
      expect(facts.sourceUrl).toBe('https://github.com/acme/shop')
    })

    it.each([
      ['https://github.com/acme/shop.git', 'https://github.com/acme/shop'],
      ['https://user:p%40ss@github.com/acme/shop.git', 'https://github.com/acme/shop'],
      [
        'https://token@gitlab.example.com:8443/group/sub/app/',
        'https://gitlab.example.com:8443/group/sub/app',
      ],
      ['git@github.com:acme/shop.git', 'https://github.com/acme/shop'],
      ['github.com:acme/shop', 'https://github.com/acme/shop'],
      ['ssh://git@github.com:2222/acme/shop.git', 'https://github.com/acme/shop'],
      ['git://example.org/pub/tool.git', 'https://example.org/pub/tool'],
      ['http://127.0.0.1:8080/acme/shop.git', 'http://127.0.0.1:8080/acme/shop'],
      ['/srv/git/shop.git', undefined],
      ['../shop', undefined],
      ['file:///srv/git/shop.git', undefined],
      ['C:\\repos\\shop', undefined],
      ['', undefined],
    ])('normalises %j to %j', (raw, expected) => {
      expect(normalizeSourceUrl(raw)).toBe(expected)
    })
  })

  it('names the context input outside a git repository', async () => {
    const dir = await tempDir()
    const e = await failure(readCommit({ cwd: dir, env: NO_CI }))
    expect(e).toBeInstanceOf(UserError)
    expect(e.code).toBe('NOT_A_REPOSITORY')
    expect((e as UserError).input).toBe('context')
    expect(e.message).toContain("input 'context'")
    expect(e.hint).toContain('git init')
  })

  it('names the context input for a folder that does not exist', async () => {
    const dir = await tempDir()
    const e = await failure(readCommit({ cwd: join(dir, 'nope'), env: NO_CI }))
    expect((e as UserError).input).toBe('context')
  })

  it('says so when git is not installed', async () => {
    const dir = await repo()
    const path = process.env.PATH
    process.env.PATH = join(dir, 'no-bin')
    try {
      const e = await failure(readCommit({ cwd: dir, env: NO_CI }))
      expect(e.code).toBe('GIT_FAILED')
      expect(e.message).toBe('git was not found on PATH')
      expect(e.hint).toContain('install git')
    } finally {
      process.env.PATH = path
    }
  })

  it('explains a repository without commits', async () => {
    const dir = await tempDir()
    git(dir, ['init', '-q', '-b', 'main'])
    const e = await failure(readCommit({ cwd: dir, env: NO_CI }))
    expect(e.code).toBe('COMMIT_MISSING')
    expect(e.message).toContain('no commits')
  })
})

describe('assertClean', () => {
  const facts = (dirtyPaths: string[]): CommitFacts => ({
    commit: 'a'.repeat(40),
    tree: 'b'.repeat(40),
    commitTime: FIRST_DATE,
    dirtyPaths,
    outputSpecs: [],
  })

  it('passes a clean tree, and a dirty one when allowed', () => {
    expect(() => assertClean(facts([]), false)).not.toThrow()
    expect(() => assertClean(facts(['a.txt']), true)).not.toThrow()
  })

  it('refuses a dirty tree, listing the paths and naming allow-dirty', () => {
    let error: unknown
    try {
      assertClean(facts(['app.txt', 'src/new.ts']), false)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UserError)
    const e = error as UserError
    expect(e.code).toBe('DIRTY_TREE')
    expect(e.input).toBe('allow-dirty')
    expect(e.message).toContain("input 'allow-dirty'")
    expect(e.message).toContain('app.txt')
    expect(e.message).toContain('src/new.ts')
    expect(e.hint).toContain('allow-dirty')
  })

  it('lists at most 20 paths and counts the rest', () => {
    const paths = Array.from({ length: 25 }, (_, i) => `file-${i}.txt`)
    expect(() => assertClean(facts(paths), false)).toThrow(/file-19\.txt[\s\S]*\(\+5 more\)/)
    expect(() => assertClean(facts(paths), false)).not.toThrow(/file-20\.txt/)
  })

  it('refuses what readCommit found in a real checkout', async () => {
    const dir = await repo()
    await writeFile(join(dir, 'app.txt'), 'changed\n')
    const read = await readCommit({ cwd: dir, env: NO_CI })
    expect(() => assertClean(read, false)).toThrow(/app\.txt/)
  })
})
