/**
 * GitHub Deployments as a second projection of the ledger (DESIGN.md §3): after a ledger commit
 * the environment's deployment view is rewritten so that only the ledger's current digest shows
 * as the active deployment. It is a view, never a source of truth, so it is safe to re-run and it
 * converges: a re-run that finds the view already right writes nothing.
 *
 * Plain values in and the global fetch out (no Octokit, no Actions toolkit), so the CLI and the
 * tests drive it against any server that speaks these few endpoints.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { ReleaseError, UserError, type ErrorDetails } from '../errors.js'

export interface DeploymentTarget {
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string
  token: string
  /** owner/repo */
  repository: string
}

export interface DeploymentMove {
  environment: string
  /** The release commit sha (or the digest when the commit is unknown). */
  ref: string
  digest: string
  /** repo@digest */
  image: string
  environmentUrl?: string
  /** The run URL. */
  logUrl?: string
  description: string
  production: boolean
}

export interface DeploymentOptions {
  /** Progress lines; never given the token. */
  log?: (message: string) => void
  /** Tries per request, the first included. */
  attempts?: number
  /** First retry delay when the server gave no Retry-After; doubles on each retry. */
  retryDelayMs?: number
  /** A longer Retry-After (or rate-limit reset) fails now instead of stalling the job. */
  maxRetryAfterMs?: number
  /** Per request. */
  timeoutMs?: number
  userAgent?: string
}

export interface DeploymentResult {
  /** The deployment that now shows the digest as active. */
  id: number
  /** Older deployments this call marked inactive. */
  inactivated: number[]
  /** False when an existing deployment of the digest was reused. */
  created: boolean
}

/** A GitHub API answer that is not a permission problem; `status` is absent when none came. */
export class GitHubApiError extends ReleaseError {
  readonly status?: number

  constructor(message: string, details: ErrorDetails & { status?: number }) {
    super('GITHUB_API', message, details)
    this.status = details.status
  }
}

/** Only the newest few matter: older ones were made inactive when they were superseded. */
const LOOKBACK = 10
const API_VERSION = '2022-11-28'
// GitHub refuses a status description longer than this with a 422.
const STATUS_DESCRIPTION_MAX = 140
// A deployment of the digest left in these states was cut short (e.g. a killed job) and can be
// finished instead of duplicated.
const UNFINISHED = new Set(['pending', 'queued', 'in_progress'])

interface ApiDeployment {
  id: number
  payload?: unknown
}

interface ApiStatus {
  state?: string
}

interface Api {
  get<T>(path: string): Promise<T>
  post<T>(path: string, body: unknown): Promise<T>
  repoPath: string
  log: (message: string) => void
}

export async function projectDeployment(
  target: DeploymentTarget,
  move: DeploymentMove,
  options: DeploymentOptions = {},
): Promise<DeploymentResult> {
  checkMove(move)
  const api = openApi(target, options)
  const env = move.environment
  const existing = await api.get<ApiDeployment[]>(
    `${api.repoPath}/deployments?environment=${encodeURIComponent(env)}&per_page=${LOOKBACK}`,
  )
  if (!Array.isArray(existing) || existing.some((d) => typeof d?.id !== 'number')) {
    throw new GitHubApiError(`listing the deployments of '${env}' gave no list of deployments`, {})
  }

  let current: number | undefined
  let created = false
  const newest = existing[0]
  if (newest && payloadDigest(newest.payload) === move.digest) {
    const state = await latestState(api, newest.id)
    if (state === 'success') {
      api.log(`deployment ${newest.id} of '${env}' already shows ${move.digest}`)
      current = newest.id
    } else if (state === undefined || UNFINISHED.has(state)) {
      api.log(`finishing deployment ${newest.id} of '${env}' (${state ?? 'no status yet'})`)
      await postSuccess(api, newest.id, move)
      current = newest.id
    }
    // failure, error or inactive: that attempt is over; a new deployment records this one.
  }

  if (current === undefined) {
    const deployment = await api.post<Partial<ApiDeployment> & { message?: string }>(
      `${api.repoPath}/deployments`,
      {
        ref: move.ref,
        environment: env,
        description: move.description,
        // Both keep GitHub from merging the default branch or waiting on checks (202 / 409):
        // the digest is already built and gated, the view only records it.
        auto_merge: false,
        required_contexts: [],
        payload: { digest: move.digest, image: move.image },
        production_environment: move.production,
        transient_environment: false,
      },
    )
    if (typeof deployment?.id !== 'number') {
      const why = typeof deployment?.message === 'string' ? `: ${deployment.message}` : ''
      throw new GitHubApiError(`GitHub created no deployment for '${env}'${why}`, {})
    }
    current = deployment.id
    created = true
    await postSuccess(api, current, move)
    api.log(`deployment ${current} of '${env}' shows ${move.digest}`)
  }

  // Read after the success status, so what GitHub's auto_inactive already did is not repeated.
  // auto_inactive skips production environments, hence the explicit pass over all of them.
  const inactivated: number[] = []
  for (const old of existing) {
    if (old.id === current) continue
    if ((await latestState(api, old.id)) !== 'success') continue
    await api.post(`${api.repoPath}/deployments/${old.id}/statuses`, {
      state: 'inactive',
      description: clip(`superseded by ${move.digest}`),
      auto_inactive: false,
    })
    inactivated.push(old.id)
  }
  if (inactivated.length > 0) {
    api.log(`marked deployment(s) ${inactivated.join(', ')} of '${env}' inactive`)
  }
  return { id: current, inactivated, created }
}

async function postSuccess(api: Api, id: number, move: DeploymentMove): Promise<void> {
  await api.post(`${api.repoPath}/deployments/${id}/statuses`, {
    state: 'success',
    ...(move.environmentUrl ? { environment_url: move.environmentUrl } : {}),
    ...(move.logUrl ? { log_url: move.logUrl } : {}),
    description: clip(move.description),
    auto_inactive: true,
  })
}

/** Statuses are listed newest first; a deployment without any has no state yet. */
async function latestState(api: Api, id: number): Promise<string | undefined> {
  const statuses = await api.get<ApiStatus[]>(
    `${api.repoPath}/deployments/${id}/statuses?per_page=1`,
  )
  return Array.isArray(statuses) ? statuses[0]?.state : undefined
}

/** Deployments created with a string payload come back as that string. */
function payloadDigest(payload: unknown): string | undefined {
  let value = payload
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return undefined
    }
  }
  if (value === null || typeof value !== 'object') return undefined
  const digest = (value as { digest?: unknown }).digest
  return typeof digest === 'string' ? digest : undefined
}

function clip(text: string): string {
  return text.length <= STATUS_DESCRIPTION_MAX
    ? text
    : `${text.slice(0, STATUS_DESCRIPTION_MAX - 1)}…`
}

function checkMove(move: DeploymentMove): void {
  if (!move.environment)
    throw new UserError('INPUT_MISSING', 'no environment to deploy to', {
      input: 'environment',
    })
  if (!move.ref) throw new ReleaseError('INTERNAL', 'a deployment needs a ref')
  if (!move.digest) throw new ReleaseError('INTERNAL', 'a deployment needs a digest')
  if (move.environmentUrl !== undefined && !isHttpUrl(move.environmentUrl)) {
    throw new UserError('INPUT_INVALID', `'${move.environmentUrl}' is not an http(s) URL`, {
      input: 'environment-url',
      valid: 'an absolute http:// or https:// URL',
    })
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

function openApi(target: DeploymentTarget, options: DeploymentOptions): Api {
  const token = target.token
  if (!token) {
    throw new UserError('INPUT_MISSING', 'a token is needed to write GitHub deployments', {
      input: 'github-token',
    })
  }
  // fetch echoes an invalid header value in its error message: refuse before it sees the token.
  if (/\s/.test(token) || [...token].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')) {
    throw new UserError('INPUT_INVALID', 'the token holds whitespace or control characters', {
      input: 'github-token',
    })
  }
  if (!isHttpUrl(target.apiUrl)) {
    throw new UserError('INPUT_INVALID', `GitHub API URL '${target.apiUrl}' is not http(s)`, {
      hint: 'GITHUB_API_URL should look like https://api.github.com',
    })
  }
  const parts = target.repository.split('/')
  if (parts.length !== 2 || parts.some((p) => p === '' || /\s/.test(p))) {
    throw new UserError('INPUT_INVALID', `repository '${target.repository}' is not owner/name`)
  }
  const base = target.apiUrl.replace(/\/+$/, '')
  const repoPath = `/repos/${parts.map(encodeURIComponent).join('/')}`
  const attempts = Math.max(1, options.attempts ?? 3)
  const retryDelayMs = options.retryDelayMs ?? 500
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000
  const timeoutMs = options.timeoutMs ?? 30_000
  const log = options.log ?? (() => {})
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': API_VERSION,
    'User-Agent': options.userAgent ?? 'immutable-release',
  }
  // Foreign text (server messages, network errors) goes into our errors; keep the token out.
  const redact = (text: string) => text.split(token).join('***')

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const what = `${method} ${path.split('?')[0]}`
    for (let attempt = 1; ; attempt++) {
      let res: Response
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers:
            body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        })
      } catch (e) {
        const reason = redact(e instanceof Error ? e.message : String(e))
        if (attempt < attempts) {
          const wait = retryDelayMs * 2 ** (attempt - 1)
          log(`${what} failed (${reason}); retrying in ${wait} ms`)
          await sleep(wait)
          continue
        }
        throw new GitHubApiError(`${what} to ${base} failed: ${reason}`, {
          hint: 'check GITHUB_API_URL and the network between the runner and GitHub',
        })
      }
      const text = await res.text().catch(() => '')
      if (res.ok) return (text === '' ? undefined : parseJson(text, what)) as T

      const message = redact(apiMessage(text) ?? res.statusText)
      const limited =
        res.status === 429 ||
        (res.status === 403 &&
          (res.headers.has('retry-after') || res.headers.get('x-ratelimit-remaining') === '0'))
      if (limited || res.status >= 500) {
        const wait = waitMs(res, attempt, retryDelayMs)
        if (attempt < attempts && wait <= maxRetryAfterMs) {
          log(`${what} answered ${res.status}; retrying in ${wait} ms`)
          await sleep(wait)
          continue
        }
        const tail = wait > maxRetryAfterMs ? ` (asked to wait ${Math.ceil(wait / 1000)} s)` : ''
        throw new GitHubApiError(`${what} answered ${res.status}: ${message}${tail}`, {
          status: res.status,
          hint: limited ? 'GitHub rate-limited the token; re-run the job later' : undefined,
        })
      }
      if (res.status === 401 || res.status === 403) {
        throw new UserError(
          'PERMISSION_MISSING',
          `GitHub answered ${res.status} to ${what}: ${message}`,
          {
            input: 'github-token',
            hint:
              res.status === 401
                ? 'the token was refused; pass a valid token (default ${{ github.token }})'
                : 'give the job `permissions: deployments: write`, or a token that may write ' +
                  `deployments to ${target.repository}`,
          },
        )
      }
      throw new GitHubApiError(`${what} answered ${res.status}: ${message}`, {
        status: res.status,
        hint:
          res.status === 404
            ? `check that ${target.repository} exists and the token can see it`
            : undefined,
      })
    }
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    repoPath,
    log,
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new GitHubApiError(`${what} answered with something that is not JSON`, { cause: e })
  }
}

/** GitHub's `{ message, errors: [...] }`, flattened to one line. */
function apiMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown }
    if (typeof body.message !== 'string') return undefined
    const details = Array.isArray(body.errors)
      ? body.errors
          .map((e) =>
            typeof e === 'string'
              ? e
              : typeof e?.message === 'string'
                ? e.message
                : [e?.resource, e?.field, e?.code].filter(Boolean).join(' '),
          )
          .filter((d) => d !== '')
      : []
    return details.length > 0 ? `${body.message} (${details.join('; ')})` : body.message
  } catch {
    return text.trim().slice(0, 200) || undefined
  }
}

/** Retry-After (seconds or a date), else the rate-limit reset, else exponential backoff. */
function waitMs(res: Response, attempt: number, retryDelayMs: number): number {
  const retryAfter = res.headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000
    const when = Date.parse(retryAfter)
    if (!Number.isNaN(when)) return Math.max(0, when - Date.now())
  }
  const reset = res.headers.get('x-ratelimit-reset')
  if (res.headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - Date.now())
  }
  return retryDelayMs * 2 ** (attempt - 1)
}
