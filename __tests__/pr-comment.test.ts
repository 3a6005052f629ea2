import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ReleaseError, UserError } from '../src/errors.js'
import { guardedFetch, type GitHubTarget } from '../src/github/octokit.js'
import {
  COMMENT_BODY_MAX,
  PLAN_COMMENT_MARKER,
  commentBody,
  pullRequestNumber,
  upsertPullRequestComment,
} from '../src/github/pr-comment.js'
import { BOT_LOGIN, startFakeGitHub, type FakeGitHub } from './helpers/github-api.js'

const TOKEN = 'ghs_comment-token-7d2a1b'
const REPO = 'acme/shop'
const PULL = 7

let gh: FakeGitHub
let target: GitHubTarget

const writes = () => gh.requests.filter((r) => r.method !== 'GET')
const posts = () => gh.requests.filter((r) => r.method === 'POST')
const patches = () => gh.requests.filter((r) => r.method === 'PATCH')
const lists = () => gh.requests.filter((r) => r.method === 'GET')

beforeEach(async () => {
  gh = await startFakeGitHub({ token: TOKEN, repository: REPO })
  target = { apiUrl: gh.url, token: TOKEN, repository: REPO }
})

afterEach(async () => {
  await gh.stop()
})

/** GitHub's spacing of writes is the throttling plugin's; against the fake it is idle time. */
const upsert = (...[t, pull, body, marker, options]: Parameters<typeof upsertPullRequestComment>) =>
  upsertPullRequestComment(t, pull, body, marker, { paceWrites: false, ...options })

describe('upsertPullRequestComment', () => {
  it('creates one comment, updates it in place, and writes nothing when unchanged', async () => {
    const first = await upsert(target, PULL, '## Plan\n\nbuild app')
    expect(first.created).toBe(true)
    expect(posts()).toHaveLength(1)
    expect(posts()[0]).toMatchObject({
      path: `/repos/${REPO}/issues/${PULL}/comments`,
      status: 201,
    })
    expect(posts()[0].headers).toMatchObject({
      authorization: `token ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    })
    expect(lists()[0].query).toMatchObject({ per_page: '100' })
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0]).toMatchObject({ id: first.id, issue: PULL, user: { login: BOT_LOGIN } })
    expect(gh.comments[0].body).toBe(`${PLAN_COMMENT_MARKER}\n## Plan\n\nbuild app`)

    gh.requests.length = 0
    const second = await upsert(target, PULL, '## Plan\n\nbuild app, api')
    expect(second).toEqual({ id: first.id, created: false })
    expect(posts()).toHaveLength(0)
    expect(patches()).toHaveLength(1)
    expect(patches()[0]).toMatchObject({
      path: `/repos/${REPO}/issues/comments/${first.id}`,
      body: { body: `${PLAN_COMMENT_MARKER}\n## Plan\n\nbuild app, api` },
      status: 200,
    })
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0].body).toContain('build app, api')

    gh.requests.length = 0
    const third = await upsert(target, PULL, '## Plan\n\nbuild app, api')
    expect(third).toEqual({ id: first.id, created: false })
    expect(writes()).toHaveLength(0)
    expect(gh.comments).toHaveLength(1)
  })

  it('keeps a body that already starts with the marker line as it is', async () => {
    await upsert(target, PULL, `${PLAN_COMMENT_MARKER}\nplan`)
    expect(gh.comments[0].body).toBe(`${PLAN_COMMENT_MARKER}\nplan`)
  })

  it('finds the marked comment across pages by following Link headers', async () => {
    await gh.stop()
    gh = await startFakeGitHub({ token: TOKEN, repository: REPO, commentPageSize: 2 })
    target = { apiUrl: `${gh.url}/`, token: TOKEN, repository: REPO }
    for (let i = 1; i <= 3; i++) gh.seedComment(PULL, `looks good ${i}`)
    gh.seedComment(PULL + 1, `${PLAN_COMMENT_MARKER}\nanother pull request's plan`, BOT_LOGIN)
    const mine = gh.seedComment(PULL, `${PLAN_COMMENT_MARKER}\nold plan`, BOT_LOGIN)
    for (let i = 4; i <= 5; i++) gh.seedComment(PULL, `looks good ${i}`)

    const result = await upsert(target, PULL, 'new plan')

    expect(result).toEqual({ id: mine.id, created: false })
    // 6 comments on the pull request at 2 a page: pages 1, 2 and 3, then no next link.
    expect(lists().map((r) => r.query.page)).toEqual([undefined, '2', '3'])
    expect(posts()).toHaveLength(0)
    expect(patches()).toHaveLength(1)
    expect(patches()[0].path).toBe(`/repos/${REPO}/issues/comments/${mine.id}`)
    expect(mine.body).toBe(`${PLAN_COMMENT_MARKER}\nnew plan`)
  })

  it('updates the newest marked comment when several exist', async () => {
    const older = gh.seedComment(PULL, `${PLAN_COMMENT_MARKER}\nplan one`, BOT_LOGIN)
    const newer = gh.seedComment(PULL, `${PLAN_COMMENT_MARKER}\nplan two`, BOT_LOGIN)
    const result = await upsert(target, PULL, 'plan three')
    expect(result).toEqual({ id: newer.id, created: false })
    expect(older.body).toContain('plan one')
    expect(newer.body).toContain('plan three')
  })

  it('a custom marker keeps its own comment apart from the plan', async () => {
    gh.seedComment(PULL, `${PLAN_COMMENT_MARKER}\nplan`, BOT_LOGIN)
    const result = await upsert(target, PULL, 'drift', '<!-- ir:drift -->')
    expect(result.created).toBe(true)
    expect(gh.comments.map((c) => c.body)).toEqual([
      `${PLAN_COMMENT_MARKER}\nplan`,
      '<!-- ir:drift -->\ndrift',
    ])
  })

  it('caps a long body below GitHub’s limit with a truncation note', async () => {
    const long = 'x'.repeat(70_000)
    await upsert(target, PULL, long)
    const stored = gh.comments[0].body
    expect(stored.length).toBeLessThanOrEqual(COMMENT_BODY_MAX)
    expect(stored.startsWith(`${PLAN_COMMENT_MARKER}\nxxx`)).toBe(true)
    const total = PLAN_COMMENT_MARKER.length + 1 + long.length
    // toBe, not toMatch: a failure would print all 60,000 characters.
    expect(new RegExp(`truncated: \\d+ of ${total} characters shown`).test(stored)).toBe(true)

    // The same long body again is recognised as unchanged.
    gh.requests.length = 0
    await upsert(target, PULL, long)
    expect(writes()).toHaveLength(0)
  })

  it('never splits a surrogate pair when truncating', () => {
    for (const pad of [0, 1]) {
      const text = commentBody('y'.repeat(pad) + '😀'.repeat(40_000))
      expect(text.length).toBeLessThanOrEqual(COMMENT_BODY_MAX)
      expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
    }
  })

  it('a wrong token is PERMISSION_MISSING naming github-token, without the token', async () => {
    const wrong = 'ghs_wrong-token-000'
    const e = await upsert({ ...target, token: wrong }, PULL, 'plan').then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(UserError)
    expect((e as UserError).code).toBe('PERMISSION_MISSING')
    expect((e as UserError).input).toBe('github-token')
    expect((e as UserError).message).toContain("input 'github-token'")
    expect((e as UserError).message).toContain('Bad credentials')
    expect(`${(e as UserError).message}${(e as UserError).hint}`).not.toContain(wrong)
    expect(gh.comments).toHaveLength(0)
  })

  it('a read-only token asks for pull-requests: write', async () => {
    await gh.stop()
    gh = await startFakeGitHub({ token: TOKEN, repository: REPO, readOnlyTokens: ['ghs_ro'] })
    const e = await upsert(
      { apiUrl: gh.url, token: 'ghs_ro', repository: REPO },
      PULL,
      'plan',
    ).then(
      () => undefined,
      (err: unknown) => err as ReleaseError,
    )
    expect(e?.code).toBe('PERMISSION_MISSING')
    expect(e?.hint).toContain('permissions: pull-requests: write')
  })

  it('retries a 502 on the list and still writes once', async () => {
    gh.failNext(1, 502, { method: 'GET' })
    const result = await upsert(target, PULL, 'plan', undefined, {
      retryDelayMs: 5,
    })
    expect(result.created).toBe(true)
    expect(posts()).toHaveLength(1)
  })

  it('refuses a pull request number that is not one', async () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      await expect(upsert(target, n, 'plan')).rejects.toMatchObject({
        code: 'INTERNAL',
      })
    }
    expect(gh.requests).toHaveLength(0)
  })
})

describe('guardedFetch', () => {
  const base = 'https://ghe.example.com/api/v3'
  function recorder() {
    const seen: string[] = []
    const inner = (async (input: Parameters<typeof fetch>[0]) => {
      seen.push(String(input))
      return new Response('[]', { status: 200 })
    }) as typeof fetch
    const logs: string[] = []
    return {
      seen,
      logs,
      fetch: guardedFetch(base, inner, { timeoutMs: 1000, log: (m) => logs.push(m) }),
    }
  }

  it('lets a request under the API base through', async () => {
    const r = recorder()
    const res = await r.fetch(`${base}/repositories/9/issues/7/comments?page=2`)
    expect(res.status).toBe(200)
    expect(r.seen).toEqual([`${base}/repositories/9/issues/7/comments?page=2`])
  })

  it.each([
    'https://evil.example.com/api/v3/x?page=2',
    'https://ghe.example.com/other/x',
    'http://ghe.example.com/api/v3/x',
  ])('refuses %s, where the token would go with it', async (url) => {
    const r = recorder()
    await expect(r.fetch(url)).rejects.toMatchObject({ code: 'GITHUB_API' })
    expect(r.seen).toEqual([])
  })
})

describe('pullRequestNumber', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pr-event-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const event = (payload: unknown) => {
    const path = join(dir, 'event.json')
    writeFileSync(path, JSON.stringify(payload))
    return path
  }

  it('reads pull_request.number from the event file of a pull_request event', () => {
    const path = event({ number: 99, pull_request: { number: 42 } })
    expect(pullRequestNumber({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path })).toBe(
      42,
    )
  })

  it('falls back to the top-level number, for pull_request_target too', () => {
    const path = event({ number: 17 })
    expect(
      pullRequestNumber({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: path }),
    ).toBe(17)
  })

  it('reads refs/pull/<n>/merge from GITHUB_REF', () => {
    expect(pullRequestNumber({ GITHUB_REF: 'refs/pull/123/merge' })).toBe(123)
    // A push event's payload is not read for a number.
    const path = event({ number: 5 })
    expect(
      pullRequestNumber({
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: path,
        GITHUB_REF: 'refs/pull/8/merge',
      }),
    ).toBe(8)
  })

  it('is undefined outside a pull request', () => {
    expect(pullRequestNumber({})).toBeUndefined()
    expect(pullRequestNumber({ GITHUB_REF: 'refs/heads/main' })).toBeUndefined()
    expect(pullRequestNumber({ GITHUB_REF: 'refs/pull/0/merge' })).toBeUndefined()
    expect(
      pullRequestNumber({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'missing.json'),
      }),
    ).toBeUndefined()
  })
})
