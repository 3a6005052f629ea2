/**
 * Issue 13, item 2: the change log. A release's record and summary list the commits since the
 * previous release of the image (real git, real registry); a promote's summary, ledger commit
 * and Deployment say what it ships; a shallow clone asks GitHub's compare API (a stand-in that
 * serves the full repository's real history) or, without a token, says how to get the history.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { githubHistory } from '../src/github/compare.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { NO_HISTORY, pullRequestOf } from '../src/release/changelog.js'
import { RECORD_ARTIFACT_TYPE, type ReleaseRecord } from '../src/release/record.js'
import { readReferrers } from '../src/sign/referrer.js'
import { writeKeyFiles } from './helpers/key-files.js'
import { startFakeGitHub, type FakeCommit } from './helpers/github-api.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')
const TOKEN = 'ghs_changelog-token-7d2a'
const REPO = 'acme/shop'
const PASS = 'changes'

type Changes = NonNullable<ReleaseRecord['changes']>

describe('pullRequestOf', () => {
  it.each([
    ['Add the cart (#12)', 12],
    ['Merge pull request #15 from acme/fix-login', 15],
    ['Fix #7 in the parser', undefined],
    ['Bump lodash (#3) and more', undefined],
    ['Tidy the readme', undefined],
    ['Revert "Add the cart (#12)" (#14)', 14],
  ])('%s -> %s', (subject, pr) => {
    expect(pullRequestOf(subject)).toBe(pr)
  })
})

describe.skipIf(!ok)('change log of releases and promotes', () => {
  let work: string
  let registry: TestRegistry
  let key: string
  let pub: string
  let n = 0

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'changelog-'))
    registry = await startRegistry('none')
    const keyFiles = await writeKeyFiles(work, PASS)
    key = keyFiles.key
    pub = keyFiles.pub
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  const git = (cwd: string, args: string[], author = 'Tess'): string =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: author,
        GIT_AUTHOR_EMAIL: `${author.toLowerCase()}@example.com`,
        GIT_COMMITTER_NAME: 'CI',
        GIT_COMMITTER_EMAIL: 'ci@example.com',
        GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
      },
    }).trim()

  /** A fresh repository (its own folder) with one commit, and a fresh image name. */
  const fresh = (): { repo: string; image: string; repository: string } => {
    const id = ++n
    const repo = join(work, `repo-${id}`)
    mkdirSync(repo)
    git(repo, ['init', '-q', '-b', 'main'])
    commit(repo, 'Initial page', 'Tess')
    return { repo, image: `${registry.host}/apps/shop-${id}`, repository: `apps/shop-${id}` }
  }

  const commit = (repo: string, subject: string, author: string): string => {
    writeFileSync(join(repo, 'index.html'), `${subject}\n`)
    git(repo, ['add', '.'])
    git(repo, ['commit', '-q', '-m', subject], author)
    return git(repo, ['rev-parse', 'HEAD'])
  }

  const run = (
    cwd: string,
    inputs: Record<string, string>,
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> => {
    const all = { PATH: process.env.PATH, HOME: work, GITHUB_ACTOR: 'tester', ...env }
    return runCommand(
      readConfig((name) => inputs[name], all),
      {
        logger: nullLogger,
        env: all,
        cwd,
        githubHistory,
      },
    )
  }

  const release = (repo: string, image: string, env: NodeJS.ProcessEnv = {}, signed = false) =>
    run(
      repo,
      {
        image,
        context: repo,
        ...(signed ? { 'signing-key': key, 'signing-key-passphrase': PASS } : {}),
      },
      env,
    )

  const recordOf = async (repository: string, digest: string): Promise<ReleaseRecord> => {
    const store = new RegistryStore(registry.host, repository, {})
    const records = await readReferrers(store, digest, RECORD_ARTIFACT_TYPE)
    expect(records).toHaveLength(1)
    return JSON.parse(records[0]!.blob.toString('utf8')) as ReleaseRecord
  }

  /** The full repository's real history, oldest first, as the GitHub stand-in serves it. */
  const historyOf = (repo: string): FakeCommit[] =>
    git(repo, ['log', '--reverse', '--format=%H%x1f%P%x1f%an%x1f%s'])
      .split('\n')
      .map((line) => {
        const [sha, parents, author, message] = line.split('\x1f') as [
          string,
          string,
          string,
          string,
        ]
        return { sha, parents: parents.split(' ').filter(Boolean), author, message }
      })

  /** The previous release, then three commits: two name pull requests, one does not. */
  const threeCommits = (repo: string) => [
    commit(repo, 'Add the cart (#12)', 'Alice'),
    commit(repo, 'Merge pull request #15 from acme/fix-login', 'Bob'),
    commit(repo, 'Tidy the readme', 'Carol'),
  ]
  const expectedThree = (shas: string[]) => [
    { commit: shas[2], subject: 'Tidy the readme', author: 'Carol' },
    {
      commit: shas[1],
      subject: 'Merge pull request #15 from acme/fix-login',
      author: 'Bob',
      pullRequest: 15,
    },
    { commit: shas[0], subject: 'Add the cart (#12)', author: 'Alice', pullRequest: 12 },
  ]

  it('a release after three commits lists exactly those three', async () => {
    const { repo, image, repository } = fresh()
    const previous = git(repo, ['rev-parse', 'HEAD'])
    const first = await release(repo, image)
    // The positive control: the first release says so and lists nothing.
    const firstChanges = (await recordOf(repository, first.outputs.digest!)).changes!
    expect(firstChanges).toEqual({ since: null, commits: [], more: 0, note: 'first release' })
    expect(first.summary).toContain('first release')

    const shas = threeCommits(repo)
    const r = await release(repo, image)
    const changes = (await recordOf(repository, r.outputs.digest!)).changes!
    expect(changes).toEqual({ since: previous, commits: expectedThree(shas), more: 0 })
    expect(r.summary).toContain(`3 commits since ${previous.slice(0, 12)} (#15, #12)`)
    for (const subject of ['Add the cart (#12)', 'Tidy the readme', 'Merge pull request #15']) {
      expect(r.summary).toContain(subject)
    }
    expect(r.summary).not.toContain('Initial page')

    // A re-run of the same commit keeps the record and finds the same previous release.
    const again = await release(repo, image)
    expect(again.outputs['record-digest']).toBe(r.outputs['record-digest'])
    expect(again.summary).toContain(`3 commits since ${previous.slice(0, 12)}`)
  }, 120_000)

  it('a promote says what it ships: summary, ledger commit and Deployment description', async () => {
    const { repo, image } = fresh()
    const ledger = join(work, `ledger-${n}.git`)
    execFileSync('git', ['init', '-q', '--bare', ledger])
    const gh = await startFakeGitHub({ token: TOKEN, repository: REPO })
    try {
      const from = git(repo, ['rev-parse', 'HEAD'])
      const a = await release(repo, image, {}, true)
      const shas = [commit(repo, 'Speed up search (#21)', 'Dana'), commit(repo, 'Fix typo', 'Eve')]
      const b = await release(repo, image, {}, true)
      const env = { GITHUB_REPOSITORY: REPO, GITHUB_API_URL: gh.url }
      const promote = (digest: string) =>
        run(
          repo,
          {
            command: 'promote',
            image,
            ledger,
            'verify-key': pub,
            environment: 'staging',
            digest,
            'github-token': TOKEN,
            'github-deployment': 'true',
          },
          env,
        )
      const first = await promote(a.outputs.digest!)
      // Nothing was there before: nothing to say it ships.
      expect(first.summary).not.toContain('| Ships |')

      const second = await promote(b.outputs.digest!)
      const sentence = `2 commits since ${from.slice(0, 12)} (#21)`
      expect(second.summary).toContain(`| Ships | ${sentence} |`)
      expect(second.summary).toContain('Speed up search (#21)')
      expect(second.summary).toContain('Fix typo')

      const message = execFileSync(
        'git',
        ['-C', ledger, 'log', '-1', '--format=%B', 'release-ledger'],
        {
          encoding: 'utf8',
        },
      )
      expect(message).toContain(`ships ${sentence}`)
      expect(message).toContain(`${shas[0]!.slice(0, 12)} Speed up search (#21) (Dana)`)
      expect(message).toContain(`${shas[1]!.slice(0, 12)} Fix typo (Eve)`)

      const descriptions = gh.deployments.map((d) => d.description)
      expect(descriptions).toHaveLength(2)
      expect(descriptions[0]).not.toContain('commit')
      expect(descriptions[1]).toContain(`: ${sentence}`)
      // Both commits were in the checkout: GitHub was asked for no history.
      expect(gh.requests.filter((q) => /\/(compare|commits)\b/.test(q.path))).toEqual([])
    } finally {
      await gh.stop()
    }
  }, 180_000)

  it('a shallow clone asks the compare API, and without a token says how to get the history', async () => {
    const { repo, image, repository } = fresh()
    const previous = git(repo, ['rev-parse', 'HEAD'])
    await release(repo, image)
    const shas = threeCommits(repo)
    const shallow = join(work, `shallow-${n}`)
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow])
    expect(git(shallow, ['rev-parse', '--is-shallow-repository'])).toBe('true')

    const gh = await startFakeGitHub({ token: TOKEN, repository: REPO, history: historyOf(repo) })
    try {
      const env = { GITHUB_REPOSITORY: REPO, GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN }
      const r = await release(shallow, image, env)
      const changes = (await recordOf(repository, r.outputs.digest!)).changes!
      expect(changes).toEqual({ since: previous, commits: expectedThree(shas), more: 0 })

      const asked = gh.requests.filter((q) => /\/(compare|commits)\b/.test(q.path))
      expect(asked.map((q) => [q.path, q.status])).toEqual([
        [`/repos/${REPO}/commits`, 200],
        [`/repos/${REPO}/compare/${previous}...${shas[2]}`, 200],
      ])
      expect(asked[0]!.query).toMatchObject({ sha: shas[2], per_page: '100', page: '1' })
      expect(asked[1]!.query).toMatchObject({ per_page: '100', page: '1' })
      expect(asked[1]!.headers.authorization).toBe(`token ${TOKEN}`)

      // The same shallow clone without a token: the note, and not one request.
      const other = fresh()
      await release(other.repo, other.image)
      commit(other.repo, 'Another change', 'Frank')
      const bare = join(work, `shallow-${n}-bare`)
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${other.repo}`, bare])
      const before = gh.requests.length
      const noToken = await release(bare, other.image, {
        GITHUB_REPOSITORY: REPO,
        GITHUB_API_URL: gh.url,
      })
      const note = (await recordOf(other.repository, noToken.outputs.digest!)).changes!
      expect(note).toEqual({ since: null, commits: [], more: 0, note: NO_HISTORY })
      expect(noToken.summary).toContain('history not available; use fetch-depth: 0')
      expect(gh.requests.length).toBe(before)
    } finally {
      await gh.stop()
    }
  }, 180_000)

  it('a promote from a shallow clone asks the compare API for what it ships', async () => {
    const { repo, image } = fresh()
    const ledger = join(work, `ledger-${n}.git`)
    execFileSync('git', ['init', '-q', '--bare', ledger])
    const from = git(repo, ['rev-parse', 'HEAD'])
    const a = await release(repo, image, {}, true)
    const shas = threeCommits(repo)
    const b = await release(repo, image, {}, true)
    const shallow = join(work, `shallow-${n}`)
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow])
    const gh = await startFakeGitHub({ token: TOKEN, repository: REPO, history: historyOf(repo) })
    try {
      const promote = (digest: string, token?: string) =>
        run(
          shallow,
          { command: 'promote', image, ledger, 'verify-key': pub, environment: 'qa', digest },
          {
            GITHUB_REPOSITORY: REPO,
            GITHUB_API_URL: gh.url,
            ...(token ? { GITHUB_TOKEN: token } : {}),
          },
        )
      await promote(a.outputs.digest!)
      const shipped = await promote(b.outputs.digest!, TOKEN)
      expect(shipped.summary).toContain(
        `| Ships | 3 commits since ${from.slice(0, 12)} (#15, #12) |`,
      )
      expect(gh.requests.map((q) => q.path)).toEqual([
        `/repos/${REPO}/compare/${from}...${shas[2]}`,
      ])

      // Back and forth without a token: the note instead of a list, no request.
      await promote(a.outputs.digest!)
      const noToken = await promote(b.outputs.digest!)
      expect(noToken.summary).toContain(`| Ships | ${NO_HISTORY} (since ${from.slice(0, 12)}) |`)
      expect(gh.requests).toHaveLength(1)
    } finally {
      await gh.stop()
    }
  }, 180_000)

  it('lists at most 250 commits and counts the rest', async () => {
    const { repo, image, repository } = fresh()
    const previous = git(repo, ['rev-parse', 'HEAD'])
    await release(repo, image)
    // 260 commits in one git process: each keeps the tree, so the checkout stays clean.
    const tree = git(repo, ['rev-parse', 'HEAD^{tree}'])
    let stream = ''
    for (let i = 1; i <= 260; i++) {
      const msg = `Change ${i} (#${1000 + i})`
      stream +=
        `commit refs/heads/main\nmark :${i}\nauthor Bulk <bulk@example.com> ${1704067200 + i} +0000\n` +
        `committer CI <ci@example.com> ${1704067200 + i} +0000\n` +
        `data ${Buffer.byteLength(msg)}\n${msg}\n` +
        `from ${i === 1 ? previous : `:${i - 1}`}\n\n`
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, input: stream })
    expect(git(repo, ['rev-parse', 'HEAD^{tree}'])).toBe(tree)
    expect(git(repo, ['rev-list', '--count', `${previous}..HEAD`])).toBe('260')

    const r = await release(repo, image)
    const changes: Changes = (await recordOf(repository, r.outputs.digest!)).changes!
    expect(changes.since).toBe(previous)
    expect(changes.commits).toHaveLength(250)
    expect(changes.more).toBe(10)
    expect(changes.commits[0]).toMatchObject({ subject: 'Change 260 (#1260)', pullRequest: 1260 })
    expect(changes.commits[249]).toMatchObject({ subject: 'Change 11 (#1011)', author: 'Bulk' })
    expect(r.summary).toContain('… and 10 more')
    expect(r.summary).toContain('260 commits since')

    // The same from a shallow clone: GitHub's pages of 100, the newest 250 kept, 10 counted.
    const shallow = join(work, `shallow-${n}`)
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow])
    const gh = await startFakeGitHub({ token: TOKEN, repository: REPO, history: historyOf(repo) })
    try {
      const env = { GITHUB_REPOSITORY: REPO, GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN }
      const remote = await release(shallow, image, env)
      expect(remote.summary).toContain('260 commits since')
      expect(remote.summary).toContain('… and 10 more')
      expect(remote.summary).toContain('Change 260 (#1260)')
      expect(remote.summary).toContain('Change 11 (#1011)')
      expect(remote.summary).not.toContain('Change 10 (#1010)')
      const pages = gh.requests.map(
        (q) => `${q.path.replace(/[0-9a-f]{40}/g, 'X')} ${q.query.page}`,
      )
      expect(pages).toEqual([
        `/repos/${REPO}/commits 1`,
        `/repos/${REPO}/commits 2`,
        `/repos/${REPO}/commits 3`,
        `/repos/${REPO}/compare/X...X 1`,
        `/repos/${REPO}/compare/X...X 2`,
        `/repos/${REPO}/compare/X...X 3`,
      ])
    } finally {
      await gh.stop()
    }
  }, 120_000)
})
