import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { RegistryError } from '../errors.js'
import { agentsFor, currentNetwork, type NetworkSettings, type RetryPolicy } from './network.js'

export { closeIdleConnections, DEFAULT_RETRY, type RetryPolicy } from './network.js'

export type Body = Buffer | (() => Promise<Readable>)

export interface HttpRequest {
  method: string
  url: URL
  headers?: Record<string, string>
  /** A Buffer, or a factory that opens the body afresh for every attempt. */
  body?: Body
  /** Follow redirects (blob GETs go to storage hosts); never for uploads. */
  followRedirects?: boolean
  /** What the request is for, in errors: `GET blob sha256:…`. */
  what?: string
}

export interface HttpResponse {
  status: number
  headers: http.IncomingHttpHeaders
  url: URL
  body: Readable
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504])
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
])
const MAX_REDIRECTS = 5

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUS.has(status)
}

export function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const code = (e as NodeJS.ErrnoException).code
  return (
    (code !== undefined && NETWORK_CODES.has(code)) || /socket hang up|aborted/i.test(e.message)
  )
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`
}

/**
 * One HTTP exchange; the caller owns the response body and must consume or destroy it. Silence
 * for `timeoutMs`, before the headers or between two pieces of the body, abandons the exchange
 * with an ETIMEDOUT error that names the host and what was being done.
 */
export function send(
  req: HttpRequest,
  settings: Pick<NetworkSettings, 'timeoutMs' | 'ca'> = currentNetwork(),
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const isHttps = req.url.protocol === 'https:'
    const headers: Record<string, string> = { 'user-agent': 'immutable-release', ...req.headers }
    if (Buffer.isBuffer(req.body)) headers['content-length'] = String(req.body.length)
    else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method)) {
      headers['content-length'] = '0'
    }
    const agents = agentsFor(settings.ca)
    const request = (isHttps ? https : http).request(req.url, {
      method: req.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
    })
    let response: http.IncomingMessage | undefined
    // The socket's idle timer restarts with every byte either way, so this covers a registry that
    // never answers as well as one that sends the headers and then stalls the body.
    request.setTimeout(settings.timeoutMs, () => {
      const what = req.what ?? `${req.method} ${req.url.pathname}`
      const error = Object.assign(
        new Error(`${what} from ${req.url.host}: no data for ${seconds(settings.timeoutMs)}`),
        { code: 'ETIMEDOUT' },
      )
      // The body's reader must see this error, not a bare "aborted".
      response?.destroy(error)
      request.destroy(error)
    })
    request.on('error', reject)
    request.on('response', (res) => {
      response = res
      resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res })
    })
    if (req.body === undefined) request.end()
    else if (Buffer.isBuffer(req.body)) request.end(req.body)
    else {
      req.body().then(
        (stream) => {
          stream.on('error', (e) => request.destroy(e))
          stream.pipe(request)
        },
        (e: unknown) => request.destroy(e instanceof Error ? e : new Error(String(e))),
      )
    }
  })
}

/**
 * Follows redirects by hand so that credentials stay with the host they were meant for: on a
 * hop to another origin, `authorization` (and cookies) are dropped, and https never downgrades.
 */
export async function sendFollowing(
  req: HttpRequest,
  registry: string,
  settings: Pick<NetworkSettings, 'timeoutMs' | 'ca'> = currentNetwork(),
): Promise<HttpResponse> {
  let current = req
  for (let hop = 0; ; hop++) {
    const res = await send(current, settings)
    const location = res.headers.location
    if (!current.followRedirects || ![301, 302, 303, 307, 308].includes(res.status) || !location) {
      return res
    }
    res.body.resume()
    if (hop >= MAX_REDIRECTS) {
      throw new RegistryError(
        'REGISTRY_ERROR',
        `more than ${MAX_REDIRECTS} redirects from ${req.url.href}`,
        {
          registry,
          status: res.status,
        },
      )
    }
    const next = new URL(location, current.url)
    if (current.url.protocol === 'https:' && next.protocol !== 'https:') {
      throw new RegistryError(
        'REDIRECT_REFUSED',
        `refused a redirect from https to ${next.protocol} (${next.origin})`,
        {
          registry,
          hint: 'the registry tried to send the download over an unencrypted connection',
        },
      )
    }
    const headers = { ...current.headers }
    if (next.origin !== current.url.origin) {
      for (const name of Object.keys(headers)) {
        if (/^(authorization|cookie|proxy-authorization)$/i.test(name)) delete headers[name]
      }
    }
    current = {
      ...current,
      url: next,
      headers,
      method: res.status === 303 ? 'GET' : current.method,
    }
  }
}

export async function readBody(res: HttpResponse, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of res.body) {
    total += (chunk as Buffer).length
    if (total > limit) {
      res.body.destroy()
      throw new Error(`response from ${res.url.origin} is larger than ${limit} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (!text) return undefined
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000
  const when = Date.parse(text)
  return Number.isNaN(when) ? undefined : Math.max(0, when - now)
}

/** Exponential backoff with full jitter, or the server's Retry-After when it gave one. */
export function backoffMs(attempt: number, policy: RetryPolicy, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs)
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.round(cap / 2 + Math.random() * (cap / 2))
}
