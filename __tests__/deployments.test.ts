import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ReleaseError, UserError } from '../src/errors.js'
import {
  GitHubApiError,
  projectDeployment,
  type DeploymentMove,
  type DeploymentOptions,
  type DeploymentTarget,
} from '../src/github/deployments.js'
import { startFakeGitHub, type FakeGitHub, type RecordedRequest } from './helpers/github-api.js'

const TOKEN = 'ghs_test-token-4f1c9e'
const REPO = 'acme/shop'
const SHA1 = 'a'.repeat(40)
const SHA2 = 'b'.repeat(40)
const DIGEST1 = `sha256:${'1'.repeat(64)}`
const DIGEST2 = `sha256:${'2'.repeat(64)}`
const RUN_URL = 'https://github.com/acme/shop/actions/runs/42'

let gh: FakeGitHub
let logs: string[]
let target: DeploymentTarget

function move(overrides: Partial<DeploymentMove> = {}): DeploymentMove {
  const digest = overrides.digest ?? DIGEST1
  return {
    environment: 'production',
    ref: SHA1,
    digest,
    image: `ghcr.io/acme/shop@${digest}`,
    environmentUrl: 'https://shop.example.com',
    logUrl: RUN_URL,
    description: `promote ${digest}`,
    production: true,
    ...overrides,
  }
}

// Fast retries, and no spacing of writes: the waits themselves are covered by the Retry-After
// test, and GitHub's 1 s between writes is the throttling plugin's, idle time against the fake.
const opts = (extra: DeploymentOptions = {}): DeploymentOptions => ({
  retryDelayMs: 10,
  paceWrites: false,
  log: (m) => logs.push(m),
  ...extra,
})

const deploymentPosts = () =>
  gh.writes().filter((r) => r.path === `/repos/${REPO}/deployments` && r.status === 201)
const statusPosts = () => gh.writes().filter((r) => r.path.endsWith('/statuses'))
const bodyOf = (r: RecordedRequest) => r.body as Record<string, unknown>

async function rejection(p: Promise<unknown>): Promise<ReleaseError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ReleaseError)
  return e as ReleaseError
}

beforeEach(async () => {
  gh = await startFakeGitHub({
    token: TOKEN,
    repository: REPO,
    readOnlyTokens: ['ghs_read-only'],
    knownRefs: [SHA1, SHA2],
  })
  logs = []
  target = { apiUrl: `${gh.url}/`, token: TOKEN, repository: REPO }
})

afterEach(async () => {
  await gh.stop()
})

describe('projectDeployment', () => {
  it('creates one deployment and one success status on the first projection', async () => {
    const result = await projectDeployment(target, move(), opts())

    expect(deploymentPosts()).toHaveLength(1)
    expect(bodyOf(deploymentPosts()[0])).toEqual({
      ref: SHA1,
      environment: 'production',
      description: `promote ${DIGEST1}`,
      auto_merge: false,
      required_contexts: [],
      payload: { digest: DIGEST1, image: `ghcr.io/acme/shop@${DIGEST1}` },
      production_environment: true,
      transient_environment: false,
    })
    expect(statusPosts()).toHaveLength(1)
    expect(statusPosts()[0].path).toBe(`/repos/${REPO}/deployments/${result.id}/statuses`)
    expect(bodyOf(statusPosts()[0])).toEqual({
      state: 'success',
      environment_url: 'https://shop.example.com',
      log_url: RUN_URL,
      description: `promote ${DIGEST1}`,
      auto_inactive: true,
    })
    expect(result).toEqual({ id: gh.deployments[0].id, inactivated: [], created: true })
    expect(gh.latestState(result.id)).toBe('success')

    // Listed first, by environment, bounded.
    expect(gh.requests[0]).toMatchObject({
      method: 'GET',
      path: `/repos/${REPO}/deployments`,
      query: { environment: 'production', per_page: '10' },
    })
    for (const r of gh.requests) {
      expect(r.headers).toMatchObject({
        authorization: `token ${TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      })
      expect(r.headers['user-agent']).toBeTruthy()
    }
    expect(logs.join('\n')).not.toContain(TOKEN)
  })

  it('a second move deploys the new digest and marks the first inactive', async () => {
    const first = await projectDeployment(target, move(), opts())
    const before = gh.requests.length
    const second = await projectDeployment(
      target,
      move({ digest: DIGEST2, ref: SHA2, image: `ghcr.io/acme/shop@${DIGEST2}` }),
      opts(),
    )

    const writes = gh.requests.slice(before).filter((r) => r.method === 'POST')
    expect(writes.map((w) => [w.path, bodyOf(w).state ?? 'deployment'])).toEqual([
      [`/repos/${REPO}/deployments`, 'deployment'],
      [`/repos/${REPO}/deployments/${second.id}/statuses`, 'success'],
      [`/repos/${REPO}/deployments/${first.id}/statuses`, 'inactive'],
    ])
    expect(bodyOf(writes[0])).toMatchObject({ ref: SHA2, payload: { digest: DIGEST2 } })
    expect(second).toEqual({ id: expect.any(Number), inactivated: [first.id], created: true })
    expect(second.id).not.toBe(first.id)
    expect(gh.latestState(first.id)).toBe('inactive')
    expect(gh.latestState(second.id)).toBe('success')
  })

  it('leaves a non-production environment to auto_inactive without a second inactive status', async () => {
    const staging = { environment: 'staging', production: false }
    const first = await projectDeployment(target, move(staging), opts())
    const second = await projectDeployment(
      target,
      move({ ...staging, digest: DIGEST2, ref: SHA2 }),
      opts(),
    )

    // GitHub (here the stand-in) already marked it when the success status was posted.
    expect(gh.statusesOf(first.id).map((s) => s.state)).toEqual(['inactive', 'success'])
    expect(second.inactivated).toEqual([])
    expect(statusPosts().map((r) => bodyOf(r).state)).toEqual(['success', 'success'])
  })

  it('a re-run of the same move writes nothing', async () => {
    await projectDeployment(target, move(), opts())
    const second = await projectDeployment(target, move({ digest: DIGEST2, ref: SHA2 }), opts())
    const writesBefore = gh.writes().length

    const again = await projectDeployment(target, move({ digest: DIGEST2, ref: SHA2 }), opts())

    expect(gh.writes()).toHaveLength(writesBefore)
    expect(again).toEqual({ id: second.id, inactivated: [], created: false })
    expect(gh.deployments).toHaveLength(2)
  })

  it('finishes a deployment of the digest that was left without a status', async () => {
    // As if a job was killed between creating the deployment and posting its status.
    const first = await projectDeployment(target, move(), opts())
    gh.deployments.push({
      ...gh.deployments[0],
      id: 5000,
      ref: SHA2,
      payload: { digest: DIGEST2, image: `ghcr.io/acme/shop@${DIGEST2}` },
    })
    const before = gh.writes().length

    const result = await projectDeployment(target, move({ digest: DIGEST2, ref: SHA2 }), opts())

    expect(result).toEqual({ id: 5000, inactivated: [first.id], created: false })
    expect(deploymentPosts()).toHaveLength(1)
    expect(
      gh
        .writes()
        .slice(before)
        .map((r) => bodyOf(r).state),
    ).toEqual(['success', 'inactive'])
  })

  it('deploys again when the newest deployment of the digest failed', async () => {
    const first = await projectDeployment(target, move(), opts())
    gh.statuses.push({ ...gh.statusesOf(first.id)[0], id: 9000, state: 'failure' })

    const result = await projectDeployment(target, move(), opts())

    expect(result.created).toBe(true)
    expect(result.id).not.toBe(first.id)
    expect(result.inactivated).toEqual([])
  })

  it('leaves other environments alone', async () => {
    const staging = await projectDeployment(
      target,
      move({ environment: 'staging', production: false }),
      opts(),
    )
    await projectDeployment(target, move(), opts())
    await projectDeployment(target, move({ digest: DIGEST2, ref: SHA2 }), opts())
    expect(gh.latestState(staging.id)).toBe('success')
  })

  it('looks at the ten newest deployments only', async () => {
    for (let i = 0; i < 12; i++) {
      gh.deployments.push({ ...fakeDeployment(100 + i), payload: { digest: `sha256:old${i}` } })
    }
    for (const d of gh.deployments) {
      gh.statuses.push({ ...fakeStatus(d.id, 200 + d.id), state: 'success' })
    }

    const result = await projectDeployment(target, move(), opts())

    expect(result.inactivated).toEqual([111, 110, 109, 108, 107, 106, 105, 104, 103, 102])
    expect(gh.latestState(101)).toBe('success')
  })

  it('retries a 502 and succeeds', async () => {
    gh.failNext(1, 502)
    const result = await projectDeployment(target, move(), opts())

    expect(gh.requests[0].status).toBe(502)
    expect(gh.requests[1]).toMatchObject({ method: 'GET', status: 200 })
    expect(gh.latestState(result.id)).toBe('success')
    expect(deploymentPosts()).toHaveLength(1)
    expect(logs.some((l) => l.includes('502'))).toBe(true)
  })

  it('retries failed writes', async () => {
    gh.failNext(2, 500, { method: 'POST' })
    const result = await projectDeployment(target, move(), opts())

    const posts = gh.writes().map((r) => r.status)
    expect(posts).toEqual([500, 500, 201, 201])
    expect(gh.deployments).toHaveLength(1)
    expect(gh.latestState(result.id)).toBe('success')
  })

  it('waits for the rate-limit reset on 429, and says so', async () => {
    const reset = String(Math.floor(Date.now() / 1000))
    gh.failNext(1, 429, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } })
    const result = await projectDeployment(target, move(), opts())
    expect(gh.requests[0].status).toBe(429)
    expect(gh.requests[1]!.status).toBe(200)
    expect(gh.latestState(result.id)).toBe('success')
    expect(logs.filter((l) => l.includes('rate-limited; retrying in'))).toHaveLength(1)
  })

  it('gives up after bounded retries with GITHUB_API and the status', async () => {
    gh.failNext(10, 503)
    const e = await rejection(projectDeployment(target, move(), opts()))
    expect(e).toBeInstanceOf(GitHubApiError)
    expect(e.code).toBe('GITHUB_API')
    expect((e as GitHubApiError).status).toBe(503)
    expect(e.message).toContain('injected 503')
    expect(gh.requests).toHaveLength(3)
  })

  it('does not wait out a rate-limit reset longer than allowed', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    gh.failNext(1, 429, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } })
    const e = await rejection(projectDeployment(target, move(), opts()))
    expect(e.code).toBe('GITHUB_API')
    expect(e.message).toMatch(/asked to wait 3[56]\d\d s/)
    expect(e.hint).toContain('rate-limited')
    expect(gh.requests).toHaveLength(1)
  })

  it('a wrong token is PERMISSION_MISSING naming github-token, without the token', async () => {
    const wrong = 'ghs_wrong-token-77'
    const e = await rejection(projectDeployment({ ...target, token: wrong }, move(), opts()))
    expect(e).toBeInstanceOf(UserError)
    expect(e.code).toBe('PERMISSION_MISSING')
    expect((e as UserError).input).toBe('github-token')
    expect(e.message).toContain("input 'github-token'")
    expect(e.message).toContain('Bad credentials')
    expect(`${e.message}${e.hint}${logs.join('')}`).not.toContain(wrong)
    expect(gh.requests).toHaveLength(1)
    expect(gh.deployments).toHaveLength(0)
  })

  it('a token without deployments: write is PERMISSION_MISSING with the permission to add', async () => {
    const e = await rejection(
      projectDeployment({ ...target, token: 'ghs_read-only' }, move(), opts()),
    )
    expect(e.code).toBe('PERMISSION_MISSING')
    expect((e as UserError).input).toBe('github-token')
    expect(e.hint).toContain('permissions: deployments: write')
    expect(e.message).toContain('Resource not accessible by integration')
  })

  it('any other refusal is GITHUB_API with GitHub’s message', async () => {
    const e = await rejection(projectDeployment(target, move({ ref: 'c'.repeat(40) }), opts()))
    expect(e).toBeInstanceOf(GitHubApiError)
    expect((e as GitHubApiError).status).toBe(422)
    expect(e.message).toContain(`No ref found for: ${'c'.repeat(40)}`)
  })

  it('a repository the token cannot see is GITHUB_API 404 with a hint', async () => {
    const e = await rejection(
      projectDeployment({ ...target, repository: 'acme/other' }, move(), opts()),
    )
    expect((e as GitHubApiError).status).toBe(404)
    expect(e.hint).toContain('acme/other')
  })

  it('an unreachable API is GITHUB_API after the retries', async () => {
    const url = gh.url
    await gh.stop()
    const e = await rejection(projectDeployment({ ...target, apiUrl: url }, move(), opts()))
    expect(e.code).toBe('GITHUB_API')
    expect(e.message).toContain(url)
    gh = await startFakeGitHub({ token: TOKEN, repository: REPO })
  })

  it('refuses bad inputs before any request', async () => {
    const cases: [Partial<DeploymentTarget>, Partial<DeploymentMove>, string, string?][] = [
      [{ token: '' }, {}, 'INPUT_MISSING', 'github-token'],
      [{ token: `${TOKEN}\n` }, {}, 'INPUT_INVALID', 'github-token'],
      [{ repository: 'acme' }, {}, 'INPUT_INVALID'],
      [{ apiUrl: 'ftp://example.com' }, {}, 'INPUT_INVALID'],
      [{}, { environmentUrl: 'shop.example.com' }, 'INPUT_INVALID', 'environment-url'],
      [{}, { environment: '' }, 'INPUT_MISSING', 'environment'],
    ]
    for (const [t, m, code, input] of cases) {
      const e = await rejection(projectDeployment({ ...target, ...t }, move(m), opts()))
      expect(e.code).toBe(code)
      if (input) expect((e as UserError).input).toBe(input)
      expect(e.message).not.toContain(TOKEN)
    }
    expect(gh.requests).toHaveLength(0)
  })

  it('clips a long status description to what GitHub accepts', async () => {
    const result = await projectDeployment(
      target,
      move({ description: 'x'.repeat(300), environmentUrl: undefined, logUrl: undefined }),
      opts(),
    )
    const status = gh.statusesOf(result.id)[0]
    expect(status.description.length).toBe(140)
    expect(bodyOf(statusPosts()[0])).not.toHaveProperty('environment_url')
    expect(bodyOf(statusPosts()[0])).not.toHaveProperty('log_url')
  })
})

function fakeDeployment(id: number) {
  return {
    id,
    ref: SHA1,
    environment: 'production',
    description: null,
    payload: {},
    production_environment: true,
    transient_environment: false,
    created_at: new Date().toISOString(),
  }
}

function fakeStatus(deploymentId: number, id: number) {
  return {
    id,
    deployment_id: deploymentId,
    state: 'success',
    environment_url: '',
    log_url: '',
    description: '',
    created_at: new Date().toISOString(),
  }
}
