/**
 * The one GitHub REST client the GitHub projections share (deployments, the pull request
 * comment): the global fetch, a Bearer token, GitHub's Accept and API version headers, bounded
 * retries on 5xx and rate limits that honour Retry-After, 401/403 as a PERMISSION_MISSING naming
 * the `github-token` input, every other refusal as a GitHubApiError. The token never reaches a
 * log line or an error message.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { ReleaseError, UserError, type ErrorDetails } from '../errors.js'

export interface GitHubTarget {
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string
  token: string
  /** owner/repo */
  repository: string
}

export interface GitHubApiOptions {
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

/** What the caller does with the token, for the messages of a missing or refused one. */
export interface GitHubApiPurpose {
  /** Completes "a token is needed to …", e.g. 'write GitHub deployments'. */
  needs: string
  /** The job permission a 403 asks for, e.g. 'deployments: write'. */
  permission: string
  /** Completes "a token that may …", e.g. 'write deployments to'; the repository follows. */
  may: string
}

/** A GitHub API answer that is not a permission problem; `status` is absent when none came. */
export class GitHubApiError extends ReleaseError {
  readonly status?: number

  constructor(message: string, details: ErrorDetails & { status?: number }) {
    super('GITHUB_API', message, details)
    this.status = details.status
  }
}

export interface GitHubResponse<T> {
  data: T
  headers: Headers
}

export interface GitHubApi {
  request<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<GitHubResponse<T>>
  get<T>(path: string): Promise<T>
  post<T>(path: string, body: unknown): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  /** The API URL without a trailing slash. */
  base: string
  /** `/repos/{owner}/{repo}`, encoded. */
  repoPath: string
  log: (message: string) => void
}

const API_VERSION = '2022-11-28'

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

export function openGitHubApi(
  target: GitHubTarget,
  options: GitHubApiOptions,
  purpose: GitHubApiPurpose,
): GitHubApi {
  const token = target.token
  if (!token) {
    throw new UserError('INPUT_MISSING', `a token is needed to ${purpose.needs}`, {
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

  async function request<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<GitHubResponse<T>> {
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
      if (res.ok) {
        const data = (text === '' ? undefined : parseJson(text, what)) as T
        return { data, headers: res.headers }
      }

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
                : `give the job \`permissions: ${purpose.permission}\`, or a token that may ` +
                  `${purpose.may} ${target.repository}`,
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
    request,
    get: async (path) => (await request<never>('GET', path)).data,
    post: async (path, body) => (await request<never>('POST', path, body)).data,
    patch: async (path, body) => (await request<never>('PATCH', path, body)).data,
    base,
    repoPath,
    log,
  }
}

/** The `rel="next"` URL of a Link header, as a path under `base`; undefined on the last page. */
export function nextPagePath(headers: Headers, base: string): string | undefined {
  const link = headers.get('link')
  if (!link) return undefined
  for (const part of link.split(',')) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part)
    if (!m) continue
    const rels = m[2]
      .split(';')
      .map((p) => /^\s*rel\s*=\s*"?([^"]*)"?\s*$/i.exec(p)?.[1])
      .filter((r): r is string => r !== undefined)
      .flatMap((r) => r.trim().split(/\s+/))
    if (!rels.includes('next')) continue
    const url = new URL(m[1], `${base}/`)
    const root = new URL(`${base}/`)
    // Only follow a link back to the same API: the token goes with the request.
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
      throw new GitHubApiError(`GitHub sent a next-page link outside ${base}: ${url.origin}`, {})
    }
    return `${url.pathname.slice(root.pathname.length - 1)}${url.search}`
  }
  return undefined
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
