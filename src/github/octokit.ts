/**
 * The one way to GitHub's REST API: @actions/github's Octokit (REST methods, pagination) with the
 * retry and throttling plugins. What this adds is ours to decide: the inputs checked before any
 * request, every request kept on the API's own origin (the token goes with it), a timeout per
 * attempt, retries logged, and GitHub's refusals turned into errors that name the `github-token`
 * input and the permission to add. The token never reaches a log line or an error message.
 *
 * @actions/github builds its `context` from process.env when it is imported, so it is imported
 * only when a request is about to be made.
 */
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
  /** First retry delay of a failed request (5xx, network); grows with each retry. */
  retryDelayMs?: number
  /** A longer rate-limit wait fails now instead of stalling the job. */
  maxRetryAfterMs?: number
  /** Per attempt. */
  timeoutMs?: number
  userAgent?: string
  /**
   * Spaces writes as GitHub asks (1 s apart, 3 s for those that notify), through the throttling
   * plugin; on by default. Off only against a test's own API, where the spacing is idle time.
   */
  paceWrites?: boolean
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

export type Octokit = ReturnType<typeof import('@actions/github').getOctokit>

export interface GitHubApi {
  octokit: Octokit
  owner: string
  repo: string
  log: (message: string) => void
  /** Runs one API call (or a paginated walk) and turns its failure into our errors. */
  call<T>(what: string, fn: (octokit: Octokit) => Promise<T>): Promise<T>
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

/**
 * A fetch that only goes under `base` (a next-page link elsewhere would carry the token there),
 * bounds each attempt and reports each failed attempt, so retries show in the log.
 */
export function guardedFetch(
  base: string,
  inner: typeof fetch,
  options: { timeoutMs: number; log: (message: string) => void },
): typeof fetch {
  const root = new URL(`${base.replace(/\/+$/, '')}/`)
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
      throw new GitHubApiError(
        `refusing a GitHub API request outside ${root.href}: ${url.origin}`,
        {
          hint: 'a next-page link pointed elsewhere; the token stays with the API it belongs to',
        },
      )
    }
    const what = `${init?.method ?? 'GET'} ${url.pathname}`
    try {
      const res = await inner(input, {
        ...init,
        signal: init?.signal ?? AbortSignal.timeout(options.timeoutMs),
      })
      if (res.status >= 500 || res.status === 429) options.log(`${what} answered ${res.status}`)
      return res
    } catch (e) {
      options.log(`${what} failed: ${e instanceof Error ? e.message : String(e)}`)
      throw e
    }
  }
}

/** In place of the plugin's write limiters (its `key(id).schedule(options, fn)`): no wait. */
const UNPACED = {
  key: () => ({ schedule: (_options: unknown, fn: () => Promise<unknown>) => fn() }),
}

export async function openGitHubApi(
  target: GitHubTarget,
  options: GitHubApiOptions,
  purpose: GitHubApiPurpose,
): Promise<GitHubApi> {
  const token = target.token
  if (!token) {
    throw new UserError('INPUT_MISSING', `a token is needed to ${purpose.needs}`, {
      input: 'github-token',
    })
  }
  // A header value with a line break would be refused by fetch with the value in the message.
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
  const [owner, repo] = parts as [string, string]
  const base = target.apiUrl.replace(/\/+$/, '')
  const attempts = Math.max(1, options.attempts ?? 3)
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000
  const log = options.log ?? (() => {})
  const redact = (text: string) => text.split(token).join('***')

  const [{ getOctokit }, { defaults }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@actions/github/lib/utils'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ])
  // The proxy-aware fetch @actions/github sets up from the runner's environment, when it has one.
  const inner = (defaults.request?.fetch as typeof fetch | undefined) ?? fetch
  /** The wait GitHub asked for when it was more than we accept, for the error message. */
  let refusedWaitS: number | undefined
  const onLimit = (
    retryAfterS: number,
    request: { method?: string; url?: string },
    _o: unknown,
    count: number,
  ) => {
    if (count + 1 < attempts && retryAfterS * 1000 <= maxRetryAfterMs) {
      log(`${request.method} ${request.url} is rate-limited; retrying in ${retryAfterS} s`)
      return true
    }
    refusedWaitS = retryAfterS
    return false
  }
  const octokit = getOctokit(
    token,
    {
      baseUrl: base,
      userAgent: options.userAgent ?? 'immutable-release',
      request: {
        fetch: guardedFetch(base, inner, { timeoutMs: options.timeoutMs ?? 30_000, log }),
      },
      // Rate limits (429, 403 with a reset) are the throttling plugin's: it waits as GitHub asks.
      retry: {
        retries: attempts - 1,
        retryAfterBaseValue: options.retryDelayMs ?? 500,
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      throttle: {
        onRateLimit: onLimit,
        onSecondaryRateLimit: onLimit,
        ...(options.paceWrites === false
          ? { write: UNPACED as never, notifications: UNPACED as never }
          : {}),
      },
    },
    retry,
    throttling,
  )
  octokit.hook.before('request', (request) => {
    request.headers.accept = 'application/vnd.github+json'
    request.headers['x-github-api-version'] = API_VERSION
  })

  async function call<T>(what: string, fn: (o: Octokit) => Promise<T>): Promise<T> {
    refusedWaitS = undefined
    try {
      return await fn(octokit)
    } catch (e) {
      throw apiError(e, what)
    }
  }

  function apiError(e: unknown, what: string): Error {
    if (e instanceof ReleaseError) return e
    const status = (e as { status?: unknown }).status
    const response = (e as { response?: { data?: unknown } }).response
    const message = redact(
      apiMessage(response?.data) ?? (e instanceof Error ? e.message : String(e)),
    )
    if (typeof status !== 'number' || response === undefined) {
      return new GitHubApiError(`${what} to ${base} failed: ${message}`, {
        hint: 'check GITHUB_API_URL and the network between the runner and GitHub',
      })
    }
    if (refusedWaitS !== undefined) {
      return new GitHubApiError(
        `${what} answered ${status}: ${message} (asked to wait ${refusedWaitS} s)`,
        { status, hint: 'GitHub rate-limited the token; re-run the job later' },
      )
    }
    if (status === 401 || status === 403) {
      return new UserError(
        'PERMISSION_MISSING',
        `GitHub answered ${status} to ${what}: ${message}`,
        {
          input: 'github-token',
          hint:
            status === 401
              ? 'the token was refused; pass a valid token (default ${{ github.token }})'
              : `give the job \`permissions: ${purpose.permission}\`, or a token that may ` +
                `${purpose.may} ${target.repository}`,
        },
      )
    }
    return new GitHubApiError(`${what} answered ${status}: ${message}`, {
      status,
      hint:
        status === 404
          ? `check that ${target.repository} exists and the token can see it`
          : undefined,
    })
  }

  return { octokit, owner, repo, log, call }
}

/** GitHub's `{ message, errors: [...] }`, flattened to one line. */
function apiMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim().slice(0, 200) || undefined
  if (data === null || typeof data !== 'object') return undefined
  const body = data as { message?: unknown; errors?: unknown }
  if (typeof body.message !== 'string') return undefined
  const details = Array.isArray(body.errors)
    ? body.errors
        .map((e: { message?: unknown; resource?: unknown; field?: unknown; code?: unknown }) =>
          typeof e === 'string'
            ? e
            : typeof e?.message === 'string'
              ? e.message
              : [e?.resource, e?.field, e?.code].filter(Boolean).join(' '),
        )
        .filter((d) => d !== '')
    : []
  return details.length > 0 ? `${body.message} (${details.join('; ')})` : body.message
}
