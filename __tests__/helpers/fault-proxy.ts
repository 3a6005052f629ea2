import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

export type Fault = 500 | 503 | 429 | 'reset'

export interface ProxiedRequest {
  method: string
  /** Path plus query, as the client sent it. */
  path: string
  status: number | 'reset'
  faulted: boolean
  authorization?: string
}

/** A request that `setDelay` matched: held, then forwarded, or dropped when its client went away. */
export interface DelayedRequest {
  method: string
  path: string
  state: 'holding' | 'forwarded' | 'dropped'
}

/** Whether to hold the request; a number holds it that many ms instead of setDelay's `ms`. */
export type DelayMatch = (method: string, path: string) => boolean | number

export interface FaultOptions {
  /** 0..1; 1 faults every request. */
  rate: number
  kinds: Fault[]
  seed?: number
  retryAfterSeconds?: number
}

export interface FaultProxy {
  host: string
  requests: ProxiedRequest[]
  setFaults(options: FaultOptions): void
  setRedirectBlobsTo(target: string | undefined): void
  /**
   * Pages `tags/list` answers as distribution 3 and the spec do (sorted, `n` per page, a `Link`
   * to the next page), for registries such as distribution 2.8 that always answer with all tags.
   */
  setTagPageSize(size: number | undefined): void
  /**
   * Holds requests that `match` (method, path plus query) for `ms` before handling them as usual.
   * A held request whose client disconnects meanwhile (a killed process) is dropped, never
   * forwarded, as if the process died before its write left. `undefined` stops delaying.
   */
  setDelay(match: DelayMatch | undefined, ms?: number): void
  /** Every request `setDelay` matched, in arrival order, with what became of it. */
  delayed: DelayedRequest[]
  /**
   * Answers the next `times` requests that `match` itself, with `status` and a registry error
   * body holding `codes`, as a registry does for a state it has not settled yet.
   */
  refuseNext(
    match: (method: string, path: string) => boolean,
    times: number,
    status: number,
    codes: string[],
  ): void
  stop(): Promise<void>
}

// Deterministic so a failing retry test replays the same fault sequence.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Connection-scoped headers describe the client<->proxy hop and must not leak to the other hop.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
])

const BLOB_GET = /^\/v2\/.+\/blobs\/[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/

const TAGS_LIST = /^\/v2\/.+\/tags\/list$/

function pageTags(
  path: string,
  upstreamRes: IncomingMessage,
  res: ServerResponse,
  size: number,
  done: () => void,
): void {
  const chunks: Buffer[] = []
  upstreamRes.on('data', (c: Buffer) => chunks.push(c))
  upstreamRes.on('end', () => {
    const url = new URL(path, 'http://proxy')
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      name: string
      tags: string[]
    }
    const sorted = [...(body.tags ?? [])].sort()
    const last = url.searchParams.get('last')
    const from = last === null ? 0 : sorted.findIndex((t) => t > last)
    const start = from < 0 ? sorted.length : from
    const page = sorted.slice(start, start + size)
    const headers: OutgoingHttpHeaders = { 'content-type': 'application/json' }
    if (start + size < sorted.length) {
      const next = new URLSearchParams({ n: String(size), last: page[page.length - 1] ?? '' })
      headers.link = `<${url.pathname}?${next}>; rel="next"`
    }
    const out = JSON.stringify({ name: body.name, tags: page })
    headers['content-length'] = Buffer.byteLength(out)
    res.writeHead(200, headers)
    res.end(out, done)
  })
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const colon = upstream.lastIndexOf(':')
  const upstreamHost = upstream.slice(0, colon)
  const upstreamPort = Number(upstream.slice(colon + 1))
  const agent = new Agent({ keepAlive: true })
  const requests: ProxiedRequest[] = []
  let faults: Required<FaultOptions> = { rate: 0, kinds: [], seed: 1, retryAfterSeconds: 1 }
  let random = mulberry32(faults.seed)
  let redirectTarget: string | undefined
  let tagPageSize: number | undefined
  let delay: { match: DelayMatch; ms: number } | undefined
  const delayed: DelayedRequest[] = []
  let refusal:
    | {
        match: (method: string, path: string) => boolean
        left: number
        status: number
        codes: string[]
      }
    | undefined
  const holds = new Set<NodeJS.Timeout>()

  const pickFault = (): Fault | undefined => {
    if (faults.rate <= 0 || faults.kinds.length === 0) return undefined
    if (random() >= faults.rate) return undefined
    return faults.kinds[Math.floor(random() * faults.kinds.length)]
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const hold = delay?.match(method, path)
    if (delay && hold !== undefined && hold !== false) {
      const entry: DelayedRequest = { method, path, state: 'holding' }
      delayed.push(entry)
      const timer = setTimeout(
        () => {
          holds.delete(timer)
          res.off('close', drop)
          entry.state = 'forwarded'
          serve(req, res)
        },
        typeof hold === 'number' ? hold : delay.ms,
      )
      holds.add(timer)
      // The body stays unread in the socket meanwhile; only a closed connection drops the request.
      const drop = (): void => {
        clearTimeout(timer)
        holds.delete(timer)
        entry.state = 'dropped'
      }
      res.once('close', drop)
      return
    }
    serve(req, res)
  }

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const authorization = req.headers.authorization
    const record = (status: number | 'reset', faulted: boolean): void => {
      requests.push({ method, path, status, faulted, authorization })
    }

    /** Answers with a registry error body in place of the registry. */
    const answer = (status: number, codes: string[], headers: OutgoingHttpHeaders = {}): void => {
      const body = JSON.stringify({ errors: codes.map((code) => ({ code, message: 'injected' })) })
      record(status, true)
      // Answer before the upload body arrives; draining it keeps the connection usable instead of
      // closing with unread data, which the kernel would turn into an RST that can eat the answer.
      req.resume()
      res.writeHead(status, {
        ...headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      })
      res.end(body)
    }
    if (refusal && refusal.left > 0 && refusal.match(method, path)) {
      refusal.left--
      answer(refusal.status, refusal.codes)
      return
    }
    const fault = pickFault()
    if (fault === 'reset') {
      record('reset', true)
      req.socket.destroy()
      return
    }
    if (fault === 429) {
      answer(429, ['TOOMANYREQUESTS'], { 'retry-after': String(faults.retryAfterSeconds) })
      return
    }
    if (fault !== undefined) {
      answer(fault, ['UNAVAILABLE'])
      return
    }

    const pathname = path.split('?')[0] ?? path
    if (redirectTarget !== undefined && method === 'GET' && BLOB_GET.test(pathname)) {
      record(307, false)
      req.resume()
      res.writeHead(307, { location: `http://${redirectTarget}${path}`, 'content-length': 0 })
      res.end()
      return
    }

    const headers: OutgoingHttpHeaders = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
    }
    // req.headers.host is already the proxy's address; keeping it makes the registry build
    // Location URLs that lead back through the proxy.
    const upstreamReq = httpRequest({
      host: upstreamHost,
      port: upstreamPort,
      method,
      path,
      headers,
      agent,
    })
    upstreamReq.on('response', (upstreamRes) => {
      const raw: string[] = []
      const rawHeaders = upstreamRes.rawHeaders
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i] ?? ''
        if (!HOP_BY_HOP.has(name.toLowerCase())) raw.push(name, rawHeaders[i + 1] ?? '')
      }
      const status = upstreamRes.statusCode ?? 502
      if (tagPageSize !== undefined && status === 200 && TAGS_LIST.test(pathname)) {
        pageTags(path, upstreamRes, res, tagPageSize, () => record(status, false))
        return
      }
      // Raw pairs keep repeated headers such as WWW-Authenticate separate.
      res.writeHead(status, upstreamRes.statusMessage, raw)
      upstreamRes.pipe(res)
      res.once('finish', () => record(status, false))
      upstreamRes.once('error', () => res.destroy())
    })
    upstreamReq.on('error', (error) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const body = JSON.stringify({
        errors: [{ code: 'UNAVAILABLE', message: `proxy: ${error.message}` }],
      })
      record(502, false)
      res.writeHead(502, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      })
      res.end(body)
    })
    // A client that gives up mid-transfer must not leave the upstream request dangling.
    res.once('close', () => {
      if (!res.writableFinished) upstreamReq.destroy()
    })
    // Without a listener a client reset mid-upload would surface as an uncaught stream error.
    req.once('error', () => upstreamReq.destroy())
    req.pipe(upstreamReq)
  }

  const server = createServer(handle)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | undefined
  return {
    host: `127.0.0.1:${port}`,
    requests,
    setFaults(options) {
      faults = {
        rate: Math.min(1, Math.max(0, options.rate)),
        kinds: [...options.kinds],
        seed: options.seed ?? 1,
        retryAfterSeconds: options.retryAfterSeconds ?? 1,
      }
      random = mulberry32(faults.seed)
    },
    setRedirectBlobsTo(target) {
      redirectTarget = target
    },
    setTagPageSize(size) {
      tagPageSize = size
    },
    setDelay(match, ms = 0) {
      delay = match === undefined ? undefined : { match, ms }
    },
    delayed,
    refuseNext(match, times, status, codes) {
      refusal = { match, left: times, status, codes }
    },
    stop() {
      stopped ??= (async () => {
        for (const timer of holds) clearTimeout(timer)
        holds.clear()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        agent.destroy()
      })()
      return stopped
    },
  }
}
