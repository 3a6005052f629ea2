import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { RegistryError } from '../errors.js'

export type Body = Buffer | (() => Promise<Readable>)

export interface HttpRequest {
  method: string
  url: URL
  headers?: Record<string, string>
  /** A Buffer, or a factory that opens the body afresh for every attempt. */
  body?: Body
  /** Follow redirects (blob GETs go to storage hosts); never for uploads. */
  followRedirects?: boolean
}

export interface HttpResponse {
  status: number
  headers: http.IncomingHttpHeaders
  url: URL
  body: Readable
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 }

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

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
}

/** Lets a CLI or test end without waiting for idle keep-alive sockets. */
export function closeIdleConnections(): void {
  agents.http.destroy()
  agents.https.destroy()
  agents.http = new http.Agent({ keepAlive: true, maxSockets: 16 })
  agents.https = new https.Agent({ keepAlive: true, maxSockets: 16 })
}

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUS.has(status)
}

export function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const code = (e as NodeJS.ErrnoException).code
  return (code !== undefined && NETWORK_CODES.has(code)) || /socket hang up/i.test(e.message)
}

/** One HTTP exchange; the caller owns the response body and must consume or destroy it. */
export function send(req: HttpRequest, timeoutMs = 120_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const isHttps = req.url.protocol === 'https:'
    const headers: Record<string, string> = { 'user-agent': 'immutable-release', ...req.headers }
    if (Buffer.isBuffer(req.body)) headers['content-length'] = String(req.body.length)
    else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method)) {
      headers['content-length'] = '0'
    }
    const request = (isHttps ? https : http).request(req.url, {
      method: req.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
    })
    request.setTimeout(timeoutMs, () => {
      request.destroy(
        Object.assign(new Error(`no answer in ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
      )
    })
    request.on('error', reject)
    request.on('response', (res) => {
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
export async function sendFollowing(req: HttpRequest, registry: string): Promise<HttpResponse> {
  let current = req
  for (let hop = 0; ; hop++) {
    const res = await send(current)
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
