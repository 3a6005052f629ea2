/**
 * A front for Debian's registry (distribution 2.8, which has no referrers API) that adds what
 * OCI distribution-spec 1.1 asks of a registry with one: `GET /v2/<name>/referrers/<digest>`
 * answering an image index of the manifests whose `subject` is that digest (filtered by
 * `artifactType` when asked, saying so in `OCI-Filters-Applied`), and an `OCI-Subject` header on
 * the answer to a manifest PUT that carries a subject. Everything else is passed through.
 * The referrers it knows are the ones pushed through it: enough for a test's own repository.
 * With `conditionalWrites`, it also honours `If-Match` / `If-None-Match: *` on a tag PUT (412
 * when the tag holds another digest), as a registry with compare-and-swap tags would; tag PUTs
 * through the front are then serialised, so the check and the write are one step.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

const INDEX = 'application/vnd.oci.image.index.v1+json'
const REFERRERS = /^\/v2\/(.+)\/referrers\/([a-z0-9]+:[a-f0-9]+)$/
const MANIFEST = /^\/v2\/(.+)\/manifests\/([^/]+)$/

interface Descriptor {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
  annotations?: Record<string, string>
}

export interface ReferrersFront {
  host: string
  /** Every request seen: method, path (with query) and the status answered. */
  requests: { method: string; path: string; status: number }[]
  stop(): Promise<void>
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  INDEX,
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ')

export async function startReferrersFront(
  upstream: string,
  options: { conditionalWrites?: boolean } = {},
): Promise<ReferrersFront> {
  const colon = upstream.lastIndexOf(':')
  const target = { host: upstream.slice(0, colon), port: Number(upstream.slice(colon + 1)) }
  const agent = new Agent({ keepAlive: true })
  const bySubject = new Map<string, Descriptor[]>()
  const requests: ReferrersFront['requests'] = []

  const answerReferrers = (repo: string, subject: string, url: URL, res: ServerResponse) => {
    const artifactType = url.searchParams.get('artifactType')
    const all = bySubject.get(`${repo}@${subject}`) ?? []
    const manifests = artifactType ? all.filter((d) => d.artifactType === artifactType) : all
    const body = JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests })
    const headers: OutgoingHttpHeaders = {
      'content-type': INDEX,
      'content-length': Buffer.byteLength(body),
    }
    if (artifactType) headers['oci-filters-applied'] = 'artifactType'
    res.writeHead(200, headers).end(body)
  }

  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer): void => {
    const path = req.url ?? '/'
    const headers = { ...req.headers, host: upstream }
    const up = httpRequest(
      { ...target, agent, method: req.method, path, headers },
      (upRes: IncomingMessage) => {
        const out: OutgoingHttpHeaders = { ...upRes.headers }
        const m = MANIFEST.exec(path.split('?')[0]!)
        if (req.method === 'PUT' && m && upRes.statusCode === 201 && body) {
          const subject = remember(m[1]!, body, req.headers['content-type'], upRes.headers)
          if (subject) out['oci-subject'] = subject
        }
        requests.push({ method: req.method ?? 'GET', path, status: upRes.statusCode ?? 0 })
        res.writeHead(upRes.statusCode ?? 502, out)
        upRes.pipe(res)
      },
    )
    up.on('error', () => res.destroy())
    if (body) up.end(body)
    else req.pipe(up)
  }

  const remember = (
    repo: string,
    bytes: Buffer,
    contentType: string | undefined,
    answer: IncomingMessage['headers'],
  ): string | undefined => {
    let m: {
      mediaType?: string
      artifactType?: string
      config?: { mediaType?: string }
      subject?: { digest?: string }
      annotations?: Record<string, string>
    }
    try {
      m = JSON.parse(bytes.toString('utf8')) as typeof m
    } catch {
      return undefined
    }
    const subject = m.subject?.digest
    const digest = answer['docker-content-digest']
    if (!subject || typeof digest !== 'string') return undefined
    const key = `${repo}@${subject}`
    const list = bySubject.get(key) ?? []
    if (!list.some((d) => d.digest === digest)) {
      const artifactType = m.artifactType ?? m.config?.mediaType
      list.push({
        mediaType: m.mediaType ?? contentType ?? '',
        digest,
        size: bytes.length,
        ...(artifactType ? { artifactType } : {}),
        ...(m.annotations ? { annotations: m.annotations } : {}),
      })
    }
    bySubject.set(key, list)
    return subject
  }

  /** The digest a tag holds upstream, or null. */
  const tagDigest = (repo: string, tag: string): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const head = httpRequest(
        {
          ...target,
          agent,
          method: 'HEAD',
          path: `/v2/${repo}/manifests/${tag}`,
          headers: { host: upstream, accept: MANIFEST_TYPES },
        },
        (r) => {
          r.resume()
          const d = r.headers['docker-content-digest']
          resolve(r.statusCode === 200 && typeof d === 'string' ? d : null)
        },
      )
      head.on('error', reject)
      head.end()
    })

  // One conditional tag write at a time: the check and the write must not interleave.
  let queue: Promise<void> = Promise.resolve()
  const putConditionally = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const m = MANIFEST.exec((req.url ?? '/').split('?')[0]!)!
    const ifMatch = req.headers['if-match']
    const ifNoneMatch = req.headers['if-none-match']
    queue = queue.then(async () => {
      const now = await tagDigest(m[1]!, m[2]!)
      const stale = ifNoneMatch === '*' ? now !== null : ifMatch !== `"${now}"`
      if (stale) {
        requests.push({ method: 'PUT', path: req.url ?? '/', status: 412 })
        res.writeHead(412, { 'content-length': 0 }).end()
        return
      }
      await new Promise<void>((resolve) => {
        res.once('close', resolve)
        forward(req, res, body)
      })
    })
  }

  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    const url = new URL(path, 'http://front')
    const r = REFERRERS.exec(url.pathname)
    if (req.method === 'GET' && r) {
      req.resume()
      requests.push({ method: 'GET', path, status: 200 })
      answerReferrers(r[1]!, r[2]!, url, res)
      return
    }
    if (req.method === 'PUT' && MANIFEST.test(url.pathname)) {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const conditional = req.headers['if-match'] || req.headers['if-none-match']
        const byTag = !url.pathname.includes('/manifests/sha256:')
        if (options.conditionalWrites && conditional && byTag) putConditionally(req, res, body)
        else forward(req, res, body)
      })
      return
    }
    forward(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    requests,
    stop: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      agent.destroy()
    },
  }
}
