/**
 * A registry that speaks just enough of the distribution API to misbehave on purpose: it
 * redirects blobs to another host, asks for credentials on hosts that have no business with
 * them, stalls, loops its tag pages, expires tokens, and lies about digests. Every request it
 * sees (its token endpoint's included) is recorded with its headers, so a test can prove what
 * did and did not reach it. The honest registry in the tests is Debian's; this one stands only
 * for the hostile ones that cannot be had otherwise.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SeenRequest {
  method: string
  /** Path plus query. */
  path: string
  headers: IncomingHttpHeaders
}

export type Auth =
  | { kind: 'none' }
  | { kind: 'basic'; username: string; password: string }
  /** Bearer tokens from `realm` (default: this server's own /token), which takes Basic credentials. */
  | { kind: 'bearer'; username: string; password: string; realm?: string }

export interface Behaviour {
  auth: Auth
  /** Blob GETs answer 307 to this origin (`http://host:port`), same path. */
  redirectBlobsTo?: string
  /** Requests matching are accepted and then: 'silent' never answered, 'body' half-answered. */
  stall?: { match: (method: string, path: string) => boolean; mode: 'silent' | 'body' }
  /** tags/list pages of one tag, and the last page links back to the first. */
  loopTagPages?: boolean
  /** Bytes served for a digest (blob or manifest) instead of the true ones. */
  lies: Map<string, Buffer>
  /** A Content-Type for manifests other than the true one. */
  manifestContentType?: string
}

export interface TinyImage {
  manifest: { digest: string; size: number; mediaType: string; bytes: Buffer }
  config: { digest: string; size: number; bytes: Buffer }
  layer: { digest: string; size: number; bytes: Buffer }
}

export interface HostileRegistry {
  /** `address:port` */
  host: string
  origin: string
  behaviour: Behaviour
  requests: SeenRequest[]
  /** Tokens this server issued, in order. */
  issued: string[]
  /** Every token issued so far is answered 401 from now on, as an expired one would be. */
  expireTokens(): void
  /** Stores a one-layer image under `repository:tag`. */
  addImage(repository: string, tag: string): TinyImage
  stop(): Promise<void>
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

const digestOf = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, address, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

export interface StartHostileOptions {
  auth?: Auth
  /** Listen address; 127.0.0.2 and the like make another origin (falls back to 127.0.0.1). */
  address?: string
  /** Speak https with this key and certificate (PEM). */
  tls?: { key: string; cert: string }
}

export async function startHostileRegistry(
  options: StartHostileOptions = {},
): Promise<HostileRegistry> {
  const behaviour: Behaviour = { auth: options.auth ?? { kind: 'none' }, lies: new Map() }
  const requests: SeenRequest[] = []
  const issued: string[] = []
  const expired = new Set<string>()
  const blobs = new Map<string, Buffer>()
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>()
  const held = new Set<ServerResponse>()
  let origin = ''

  const basicOk = (header: string | undefined, username: string, password: string): boolean =>
    header === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

  const challenge = (res: ServerResponse): void => {
    const auth = behaviour.auth
    const value =
      auth.kind === 'basic'
        ? 'Basic realm="hostile"'
        : `Bearer realm="${auth.kind === 'bearer' ? (auth.realm ?? `${origin}/token`) : ''}",service="hostile"`
    res.writeHead(401, { 'www-authenticate': value, 'content-type': 'application/json' })
    res.end(
      JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }),
    )
  }

  const authorised = (req: IncomingMessage): boolean => {
    const auth = behaviour.auth
    const header = req.headers.authorization
    if (auth.kind === 'none') return true
    if (auth.kind === 'basic') return basicOk(header, auth.username, auth.password)
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1]
    return token !== undefined && issued.includes(token) && !expired.has(token)
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/'
    const method = req.method ?? 'GET'
    requests.push({ method, path, headers: { ...req.headers } })
    req.resume()
    const url = new URL(path, 'http://hostile.invalid')

    if (url.pathname === '/token') {
      const auth = behaviour.auth
      if (
        auth.kind !== 'bearer' ||
        !basicOk(req.headers.authorization, auth.username, auth.password)
      ) {
        res.writeHead(401, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }))
        return
      }
      const token = `tok-${randomBytes(12).toString('hex')}`
      issued.push(token)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ token, expires_in: 300 }))
      return
    }
    if (!url.pathname.startsWith('/v2/')) {
      res.writeHead(404).end()
      return
    }
    if (!authorised(req)) {
      challenge(res)
      return
    }
    if (behaviour.stall?.match(method, path)) {
      held.add(res)
      if (behaviour.stall.mode === 'body') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 1000 })
        res.write(Buffer.alloc(10))
      }
      return
    }
    if (url.pathname === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      return
    }
    const m = /^\/v2\/(.+)\/(blobs|manifests)\/([^/]+)$/.exec(url.pathname)
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)
    if (tags) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      const first = url.searchParams.get('last') === null
      if (behaviour.loopTagPages) {
        headers.link = first
          ? `</v2/${tags[1]}/tags/list?n=1&last=a>; rel="next"`
          : `</v2/${tags[1]}/tags/list>; rel="next"`
      }
      res.writeHead(200, headers)
      res.end(JSON.stringify({ name: tags[1], tags: [first ? 'a' : 'b'] }))
      return
    }
    if (!m) {
      res.writeHead(404).end()
      return
    }
    const [, repository, kind, reference] = m as unknown as [string, string, string, string]
    if (kind === 'blobs') {
      const bytes = blobs.get(reference)
      if (!bytes) {
        res.writeHead(404).end()
        return
      }
      if (behaviour.redirectBlobsTo && method === 'GET') {
        res.writeHead(307, { location: `${behaviour.redirectBlobsTo}${url.pathname}` }).end()
        return
      }
      const body = behaviour.lies.get(reference) ?? bytes
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': body.length,
        'docker-content-digest': reference,
      })
      res.end(method === 'HEAD' ? undefined : body)
      return
    }
    const found =
      manifests.get(`${repository}:${reference}`) ?? manifests.get(`${repository}@${reference}`)
    if (!found) {
      res.writeHead(404).end()
      return
    }
    const trueDigest = digestOf(found.bytes)
    const body = behaviour.lies.get(trueDigest) ?? found.bytes
    res.writeHead(200, {
      'content-type': behaviour.manifestContentType ?? found.mediaType,
      'content-length': body.length,
      'docker-content-digest': trueDigest,
    })
    res.end(method === 'HEAD' ? undefined : body)
  }

  const server = options.tls ? createHttpsServer(options.tls, handle) : createHttpServer(handle)
  let address = options.address ?? '127.0.0.1'
  try {
    await listen(server, address)
  } catch {
    address = '127.0.0.1'
    await listen(server, address)
  }
  const { port } = server.address() as AddressInfo
  origin = `${options.tls ? 'https' : 'http'}://${address}:${port}`

  let stopped: Promise<void> | undefined
  return {
    host: `${address}:${port}`,
    origin,
    behaviour,
    requests,
    issued,
    expireTokens() {
      for (const t of issued) expired.add(t)
    },
    addImage(repository, tag) {
      const layerBytes = randomBytes(64)
      const configBytes = Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: [digestOf(layerBytes)] },
        }),
      )
      const layer = { digest: digestOf(layerBytes), size: layerBytes.length, bytes: layerBytes }
      const config = { digest: digestOf(configBytes), size: configBytes.length, bytes: configBytes }
      const manifestBytes = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: config.digest,
            size: config.size,
          },
          layers: [
            {
              mediaType: 'application/vnd.oci.image.layer.v1.tar',
              digest: layer.digest,
              size: layer.size,
            },
          ],
        }),
      )
      const manifest = {
        digest: digestOf(manifestBytes),
        size: manifestBytes.length,
        mediaType: OCI_MANIFEST,
        bytes: manifestBytes,
      }
      blobs.set(layer.digest, layerBytes)
      blobs.set(config.digest, configBytes)
      manifests.set(`${repository}:${tag}`, { bytes: manifestBytes, mediaType: OCI_MANIFEST })
      manifests.set(`${repository}@${manifest.digest}`, {
        bytes: manifestBytes,
        mediaType: OCI_MANIFEST,
      })
      manifests.set(`${repository}:${manifest.digest}`, {
        bytes: manifestBytes,
        mediaType: OCI_MANIFEST,
      })
      return { manifest, config, layer }
    },
    stop() {
      stopped ??= (async () => {
        for (const res of held) res.destroy()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      })()
      return stopped
    },
  }
}
