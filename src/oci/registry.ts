import { Readable, Transform } from 'node:stream'
import { ReleaseError, RegistryError } from '../errors.js'
import { RegistryAuth, type Credentials } from './auth.js'
import { checkContent, sha256, VerifyingStream } from './digest.js'
import {
  backoffMs,
  isNetworkError,
  isRetryableStatus,
  readBody,
  retryAfterMs,
  sendFollowing,
  sleep,
  type Body,
  type HttpResponse,
} from './http.js'
import { MANIFEST_TYPES, MediaType } from './media-types.js'
import {
  currentNetwork,
  isCertificateError,
  probeTimeoutMs,
  speaksTls,
  type NetworkSettings,
  type RetryPolicy,
  type TrustedCa,
} from './network.js'
import { apiHost, isLoopback } from './reference.js'
import {
  addFallbackReferrer,
  readFallbackReferrers,
  referrerDescriptor,
  subjectOf,
} from './referrers.js'
import type {
  BlobSource,
  FetchedManifest,
  PutBlobOptions,
  PutBlobResult,
  PutManifestOptions,
  Store,
} from './store.js'
import type { Descriptor, ImageIndex } from './types.js'

export interface RegistryOptions {
  credentials?: Credentials
  /** Registries (host[:port]) that may be spoken to over plain http; loopback always may. */
  insecureRegistries?: string[]
  retry?: RetryPolicy
  /** Blobs larger than this go up in PATCH chunks of this size; smaller ones in one PUT. */
  chunkSize?: number
  /** Called with every secret the client derives (bearer tokens), so the caller can mask it. */
  onSecret?: (value: string) => void
  /** Called before each retry, for logs; else the command's (`withNetwork`) logger hears of it. */
  onRetry?: (message: string) => void
  /** Silence after which a request is abandoned; else the command's `network-timeout`. */
  timeoutMs?: number
  /** Extra trust for https; else the command's `registry-ca`. */
  ca?: TrustedCa
}

const DEFAULT_CHUNK = 16 * 1024 * 1024
/** readBody's default: blobs read whole (configs, small artifacts) are far below it. */
const READ_LIMIT = 64 * 1024 * 1024
/** Pages of tags or referrers before a registry is taken to be paging without end. */
const MAX_PAGES = 10_000
const ACCEPT = MANIFEST_TYPES.join(', ')

interface Call {
  method: string
  /** A path below /v2/<repository>/, or an absolute URL the registry gave us (Location, Link). */
  path?: string
  url?: URL
  headers?: Record<string, string>
  body?: Body
  /** Statuses handed back to the caller; anything else is an error. */
  ok: number[]
  /**
   * Read the body (at most this many bytes) inside the retry loop, so that a body that stalls is
   * retried like a request that never answered; the answer then carries the bytes read.
   */
  read?: number
  push?: boolean
  mountFrom?: string
  follow?: boolean
  /**
   * Registry error codes retried like a 5xx although their status is final: a registry answers
   * them for a state it is still settling (see putManifest). The last one ends the call with the
   * registry's own error, not as an unavailable registry.
   */
  settling?: string[]
  what: string
}

/** The auth state of one registry origin and set of credentials, shared by its repositories. */
const authByOrigin = new Map<string, RegistryAuth>()

interface Endpoint {
  base: URL
  auth: RegistryAuth
}

export class RegistryStore implements Store {
  readonly description: string
  private readonly network: NetworkSettings
  private readonly chunkSize: number
  private endpoint?: Promise<Endpoint>
  /** False once the registry answered a referrers call with anything but an index. */
  private referrersApi: boolean | undefined

  constructor(
    readonly registry: string,
    readonly repository: string,
    private readonly options: RegistryOptions = {},
  ) {
    this.description = `registry ${registry}/${repository}`
    const ambient = currentNetwork()
    this.network = {
      timeoutMs: options.timeoutMs ?? ambient.timeoutMs,
      ca: options.ca ?? ambient.ca,
      retry: options.retry ?? ambient.retry,
      onRetry: options.onRetry ?? ambient.onRetry,
    }
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK
  }

  private get retry(): RetryPolicy {
    return this.network.retry
  }

  private plainHttpAllowed(host: string): boolean {
    return isLoopback(host) || (this.options.insecureRegistries ?? []).includes(host)
  }

  /**
   * https, except for a registry the user lets us speak plain http to (loopback, or listed in
   * insecure-registry) that does not speak TLS: as docker does, https is tried first, so an https
   * registry is never downgraded, and a certificate it fails on is an error, not a reason for http.
   */
  private resolveEndpoint(): Promise<Endpoint> {
    this.endpoint ??= (async () => {
      const host = apiHost(this.registry)
      let scheme = 'https'
      if (this.plainHttpAllowed(this.registry)) {
        // Asked per client rather than cached per host: a port may change hands between runs.
        const url = new URL(`https://${host}/`)
        const tls = await speaksTls(
          url.hostname,
          Number(url.port || 443),
          probeTimeoutMs(this.network),
        )
        if (!tls) scheme = 'http'
      }
      const base = new URL(`${scheme}://${host}/v2/`)
      const credentials = this.options.credentials
      // The plain-http policy is part of the key: it decides where the password may go.
      const key = JSON.stringify([
        base.origin,
        credentials?.username,
        credentials?.password,
        credentials?.identityToken,
        [...(this.options.insecureRegistries ?? [])].sort(),
      ])
      let auth = authByOrigin.get(key)
      if (!auth) {
        auth = new RegistryAuth(this.registry, base.origin, credentials, (h) =>
          this.plainHttpAllowed(h),
        )
        authByOrigin.set(key, auth)
      }
      if (this.options.onSecret) auth.addSecretListener(this.options.onSecret)
      return { base, auth }
    })()
    return this.endpoint
  }

  private scopes(call: Pick<Call, 'push' | 'mountFrom'>): string[] {
    // Push first: a few registries only look at the first scope (ggcr remote/write.go).
    const own = `repository:${this.repository}:${call.push || call.mountFrom ? 'pull,push' : 'pull'}`
    return call.mountFrom ? [own, `repository:${call.mountFrom}:pull`] : [own]
  }

  /**
   * One registry call with authorisation, redirects (credentials never leave the registry's
   * origin), and bounded retries with backoff on connection failures, silence, 408, 429 and 5xx.
   */
  private async call(c: Call): Promise<HttpResponse> {
    const { base, auth } = await this.resolveEndpoint()
    const url = c.url ?? new URL(`${this.repository}/${c.path ?? ''}`, base)
    const scopes = this.scopes(c)
    let lastProblem = ''
    let authRetried = false
    for (let attempt = 0; attempt < this.retry.attempts; attempt++) {
      const headers = { ...c.headers }
      // Upload Locations and Link pages come from the registry's answers: credentials go only to
      // the registry's own origin, and an https registry is never left for plain http.
      if (url.protocol !== base.protocol && base.protocol === 'https:') {
        throw new RegistryError(
          'REDIRECT_REFUSED',
          `${this.registry} sent ${c.what} to ${url.origin}, over plain http`,
          {
            registry: this.registry,
          },
        )
      }
      const authorization =
        url.origin === base.origin ? await auth.header(scopes, this.network) : undefined
      if (authorization) headers.authorization = authorization
      let res: HttpResponse
      try {
        res = await sendFollowing(
          {
            method: c.method,
            url,
            headers,
            body: c.body,
            followRedirects: c.follow,
            what: c.what,
          },
          this.registry,
          this.network,
        )
        if (c.read !== undefined && c.ok.includes(res.status)) {
          const bytes = await readBody(res, c.read)
          res = { ...res, body: Readable.from([bytes]) }
        }
      } catch (e) {
        if (e instanceof ReleaseError) throw e
        if (isCertificateError(e)) throw this.untrusted(url, e)
        if (url.protocol === 'https:' && isPlainHttpAnswer(e)) throw this.notTls(url, e)
        if (!isNetworkError(e)) {
          throw new RegistryError(
            'REGISTRY_UNREACHABLE',
            `${this.registry}: ${c.what} failed: ${(e as Error).message}`,
            {
              registry: this.registry,
              cause: e,
            },
          )
        }
        const code = (e as NodeJS.ErrnoException).code
        lastProblem =
          code === 'ETIMEDOUT'
            ? (e as Error).message
            : `connection error ${code ?? (e as Error).message}`
        if (attempt + 1 < this.retry.attempts)
          await this.pause(attempt, undefined, c.what, lastProblem)
        continue
      }
      if (res.status === 401 && res.url.origin !== base.origin) {
        // A storage host behind a redirect asks for credentials: they are the registry's, not its.
        res.body.resume()
        throw new RegistryError(
          'REGISTRY_AUTH',
          `${this.registry}: ${c.what} was redirected to ${res.url.origin}, which asked for credentials; the registry's credentials are never sent to another origin`,
          {
            registry: this.registry,
            status: 401,
            hint: "the registry's storage must accept its redirect without credentials (a signed URL); ask the registry's operator",
          },
        )
      }
      if (res.status === 401 && !authRetried) {
        res.body.resume()
        authRetried = true
        if (await auth.onUnauthorized(res, scopes, authorization)) {
          attempt--
          continue
        }
        throw await this.failure(res, c.what)
      }
      if (c.ok.includes(res.status)) return res
      const retryable = isRetryableStatus(res.status)
      if (!retryable && !c.settling) throw await this.failure(res, c.what)
      const detail = await this.errorDetail(res)
      if (!retryable) {
        const settling = c.settling?.some((code) => detail.includes(code)) ?? false
        if (!settling || attempt + 1 >= this.retry.attempts)
          throw this.failureWith(res, c.what, detail)
      }
      lastProblem = `status ${res.status}${detail ? ` (${detail})` : ''}`
      if (attempt + 1 < this.retry.attempts) {
        await this.pause(attempt, retryAfterMs(res.headers['retry-after']), c.what, lastProblem)
      }
    }
    throw new RegistryError(
      'REGISTRY_UNREACHABLE',
      `${this.registry}: ${c.what} failed after ${this.retry.attempts} attempts; last: ${lastProblem}`,
      {
        registry: this.registry,
        hint: 'the registry is unavailable or overloaded; try again later',
      },
    )
  }

  private untrusted(url: URL, cause: unknown): RegistryError {
    const ca = this.network.ca
    return new RegistryError(
      'REGISTRY_UNREACHABLE',
      `${this.registry}: the TLS certificate of ${url.host} is not trusted (${(cause as NodeJS.ErrnoException).code}); ${ca ? `registry-ca ${ca.path} does not vouch for it` : 'no registry-ca was given'}`,
      {
        registry: this.registry,
        cause,
        hint: `set the input registry-ca to the PEM file of the certificate authority that signed ${url.host}'s certificate (or NODE_EXTRA_CA_CERTS)`,
      },
    )
  }

  private notTls(url: URL, cause: unknown): RegistryError {
    return new RegistryError(
      'REGISTRY_UNREACHABLE',
      `${this.registry}: ${url.host} does not speak https; plain http is used only for loopback hosts and those listed in insecure-registry`,
      {
        registry: this.registry,
        cause,
        hint: `if ${this.registry} is meant to be reached over plain http, add it to the input insecure-registry`,
      },
    )
  }

  private async pause(
    attempt: number,
    retryAfter: number | undefined,
    what: string,
    problem: string,
  ): Promise<void> {
    const ms = backoffMs(attempt, this.retry, retryAfter)
    this.network.onRetry?.(
      `${this.registry}: ${what}: ${problem}; retry ${attempt + 1} of ${this.retry.attempts - 1} in ${ms} ms`,
    )
    await sleep(ms)
  }

  private async errorDetail(res: HttpResponse): Promise<string> {
    let text: string
    try {
      text = (await readBody(res, 64 * 1024)).toString('utf8')
    } catch {
      return ''
    }
    try {
      const parsed = JSON.parse(text) as {
        errors?: { code?: string; message?: string }[]
        message?: string
      }
      if (parsed.errors?.length)
        return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ')
      if (parsed.message) return parsed.message
    } catch {
      // Not JSON: registries and proxies may answer in any format.
    }
    return text.trim().slice(0, 200)
  }

  private async failure(res: HttpResponse, what: string): Promise<RegistryError> {
    return this.failureWith(res, what, await this.errorDetail(res))
  }

  private failureWith(res: HttpResponse, what: string, detail: string): RegistryError {
    const message = `${this.registry}: ${what} answered ${res.status}${detail ? ` (${detail})` : ''}`
    if (res.status === 401 || res.status === 403) {
      return new RegistryError('REGISTRY_AUTH', message, {
        registry: this.registry,
        status: res.status,
        hint: `check the credentials for ${this.registry} (registry-username/registry-password, or docker login) and that they may ${what.startsWith('GET') || what.startsWith('HEAD') ? 'pull' : 'push'} ${this.repository}`,
      })
    }
    if (res.status === 404)
      return new RegistryError('NOT_FOUND', message, { registry: this.registry, status: 404 })
    return new RegistryError('REGISTRY_ERROR', message, {
      registry: this.registry,
      status: res.status,
    })
  }

  /**
   * Whether these credentials may push to this repository, asked the way a push begins: an
   * upload session is opened and cancelled, so nothing is written. Undefined when they may; else
   * the registry's refusal (401, 403, or 400/404 for a name it does not take, as Docker Hub does
   * for a third path level).
   */
  async pushRefusal(): Promise<string | undefined> {
    let res: HttpResponse
    try {
      res = await this.call({
        method: 'POST',
        path: 'blobs/uploads/',
        ok: [202],
        push: true,
        what: 'start blob upload',
      })
    } catch (e) {
      const refused = e instanceof RegistryError && [400, 401, 403, 404].includes(e.status ?? 0)
      if (refused || (e instanceof RegistryError && e.code === 'REGISTRY_AUTH')) return e.message
      throw e
    }
    res.body.resume()
    // Best effort: a session left open expires on the registry's own schedule.
    await this.call({
      method: 'DELETE',
      url: this.location(res),
      ok: [204, 404, 405],
      push: true,
      what: 'cancel blob upload',
    }).then(
      (cancel) => cancel.body.resume(),
      () => undefined,
    )
    return undefined
  }

  async hasBlob(digest: string): Promise<boolean> {
    const res = await this.call({
      method: 'HEAD',
      path: `blobs/${digest}`,
      ok: [200, 404],
      follow: true,
      what: `HEAD blob ${digest}`,
    })
    res.body.resume()
    return res.status === 200
  }

  private async getBlobResponse(
    desc: Pick<Descriptor, 'digest'>,
    range?: string,
    read?: number,
  ): Promise<HttpResponse> {
    return this.call({
      method: 'GET',
      path: `blobs/${desc.digest}`,
      headers: range ? { range } : {},
      ok: [200, 206],
      follow: true,
      read,
      what: `GET blob ${desc.digest}`,
    })
  }

  async openBlob(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    const res = await this.getBlobResponse(desc)
    const verify = new VerifyingStream(desc, `blob ${desc.digest} from ${this.description}`)
    res.body.on('error', (e) => verify.destroy(e))
    return res.body.pipe(verify)
  }

  async readBlob(desc: Pick<Descriptor, 'digest' | 'size'>): Promise<Buffer> {
    const res = await this.getBlobResponse(desc, undefined, READ_LIMIT)
    const bytes = await readBody(res, READ_LIMIT)
    checkContent(bytes, desc, `blob ${desc.digest} from ${this.description}`)
    return bytes
  }

  blobSource(desc: Pick<Descriptor, 'digest' | 'size'>): BlobSource {
    return {
      digest: desc.digest,
      size: desc.size,
      open: async (start = 0, end = desc.size) => {
        if (start === 0 && end === desc.size) return this.openBlob(desc)
        const res = await this.getBlobResponse(desc, `bytes=${start}-${end - 1}`)
        // A registry that ignores Range sends it all: cut the slice out ourselves.
        return res.status === 206 ? res.body : res.body.pipe(slice(start, end))
      },
    }
  }

  async putBlob(source: BlobSource, options: PutBlobOptions = {}): Promise<PutBlobResult> {
    if (await this.hasBlob(source.digest)) return 'exists'
    let location: URL | undefined
    if (options.mountFrom && options.mountFrom !== this.repository) {
      const q = new URLSearchParams({ mount: source.digest, from: options.mountFrom })
      const res = await this.call({
        method: 'POST',
        path: `blobs/uploads/?${q}`,
        ok: [201, 202],
        mountFrom: options.mountFrom,
        what: `mount blob ${source.digest} from ${options.mountFrom}`,
      })
      res.body.resume()
      if (res.status === 201) return 'mounted'
      // 202: the registry could not mount and opened an upload session instead; use it.
      location = this.location(res)
    }
    // A failed session (a lost answer, a registry restart) is abandoned and started afresh.
    for (let session = 0; ; session++) {
      try {
        await this.upload(source, location)
        return 'uploaded'
      } catch (e) {
        location = undefined
        if (session >= 2 || !(e instanceof RegistryError) || e.code === 'REGISTRY_AUTH') throw e
        if (await this.hasBlob(source.digest)) return 'uploaded'
        this.network.onRetry?.(
          `${this.registry}: upload of ${source.digest} failed (${e.message}); starting again`,
        )
      }
    }
  }

  private location(res: HttpResponse): URL {
    const value = res.headers.location
    if (!value) {
      throw new RegistryError(
        'REGISTRY_ERROR',
        `${this.registry}: upload answer ${res.status} has no Location`,
        {
          registry: this.registry,
          status: res.status,
        },
      )
    }
    return new URL(value, res.url)
  }

  private async upload(source: BlobSource, session?: URL): Promise<void> {
    let location = session
    if (!location) {
      const res = await this.call({
        method: 'POST',
        path: 'blobs/uploads/',
        ok: [202],
        push: true,
        what: 'start blob upload',
      })
      res.body.resume()
      location = this.location(res)
    }
    const withDigest = (url: URL): URL => {
      const u = new URL(url)
      u.searchParams.set('digest', source.digest)
      return u
    }
    if (source.size <= this.chunkSize) {
      const res = await this.call({
        method: 'PUT',
        url: withDigest(location),
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(source.size),
        },
        body: () => source.open(),
        ok: [201],
        push: true,
        what: `PUT blob ${source.digest}`,
      })
      res.body.resume()
      return
    }
    for (let start = 0; start < source.size; start += this.chunkSize) {
      const end = Math.min(source.size, start + this.chunkSize)
      const res = await this.call({
        method: 'PATCH',
        url: location,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(end - start),
          'content-range': `${start}-${end - 1}`,
        },
        body: () => source.open(start, end),
        ok: [202],
        push: true,
        what: `PATCH blob ${source.digest} bytes ${start}-${end - 1}`,
      })
      res.body.resume()
      // Each answer's Location carries the upload state; an older one is stale (distribution 2.8).
      location = this.location(res)
    }
    const res = await this.call({
      method: 'PUT',
      url: withDigest(location),
      ok: [201],
      push: true,
      what: `close upload of ${source.digest}`,
    })
    res.body.resume()
  }

  async headManifest(reference: string): Promise<Descriptor | undefined> {
    const res = await this.call({
      method: 'HEAD',
      path: `manifests/${reference}`,
      headers: { accept: ACCEPT },
      ok: [200, 404],
      what: `HEAD manifest ${reference}`,
    })
    res.body.resume()
    if (res.status === 404) return undefined
    const digest = header(res, 'docker-content-digest')
    const size = Number(header(res, 'content-length'))
    const mediaType = contentType(res)
    if (!digest || !Number.isFinite(size) || !mediaType) {
      // Older registries may omit the digest on HEAD: fall back to fetching and hashing.
      const m = await this.getManifest(reference)
      return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length }
    }
    if (reference.includes(':') && digest !== reference) {
      throw new RegistryError(
        'DIGEST_MISMATCH',
        `${this.registry}: HEAD ${reference} answered digest ${digest}`,
        {
          registry: this.registry,
        },
      )
    }
    return { mediaType, digest, size }
  }

  async getManifest(reference: string): Promise<FetchedManifest> {
    const res = await this.call({
      method: 'GET',
      path: `manifests/${reference}`,
      headers: { accept: ACCEPT },
      ok: [200],
      read: 8 * 1024 * 1024,
      what: `GET manifest ${reference}`,
    })
    const bytes = await readBody(res, 8 * 1024 * 1024)
    const digest = sha256(bytes)
    const what = `manifest ${reference} from ${this.description}`
    if (reference.includes(':')) checkContent(bytes, { digest: reference }, what)
    const claimed = header(res, 'docker-content-digest')
    if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
      throw new ReleaseError(
        'DIGEST_MISMATCH',
        `${what}: registry says ${claimed}, content is ${digest}`,
      )
    }
    let mediaType = contentType(res) ?? ''
    try {
      const inner = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType
      if (inner && mediaType && inner !== mediaType && mediaType !== 'application/json') {
        throw new ReleaseError(
          'MANIFEST_INVALID',
          `${what}: Content-Type ${mediaType} but mediaType ${inner}`,
        )
      }
      mediaType = inner ?? mediaType
    } catch (e) {
      if (e instanceof ReleaseError) throw e
      throw new ReleaseError('MANIFEST_INVALID', `${what} is not JSON`, { cause: e })
    }
    return { bytes, mediaType, digest }
  }

  async putManifest(
    bytes: Buffer,
    mediaType: string,
    tag?: string,
    options: PutManifestOptions = {},
  ): Promise<Descriptor> {
    const digest = sha256(bytes)
    const res = await this.call({
      method: 'PUT',
      path: `manifests/${tag ?? digest}`,
      headers: { 'content-type': mediaType, ...conditional(tag, options.expect) },
      body: bytes,
      ok: [201, 412],
      push: true,
      // (MANIFEST_)BLOB_UNKNOWN: distribution answers it while another push of a referenced blob
      // rewrites its link file, S3-backed ones until a new blob is visible; a second try lands.
      settling: ['BLOB_UNKNOWN'],
      what: `PUT manifest ${tag ?? digest}`,
    })
    res.body.resume()
    if (res.status === 412) {
      throw new RegistryError(
        'TAG_CONFLICT',
        `${this.registry}: tag ${tag} changed while it was being updated`,
        { registry: this.registry },
      )
    }
    const answered = header(res, 'docker-content-digest')
    if (answered && answered !== digest) {
      throw new RegistryError(
        'DIGEST_MISMATCH',
        `${this.registry}: stored manifest as ${answered}, sent ${digest}`,
        {
          registry: this.registry,
        },
      )
    }
    const subject = subjectOf(bytes)
    if (subject && !header(res, 'oci-subject')) {
      await addFallbackReferrer(this, subject.digest, referrerDescriptor(bytes, mediaType, digest))
    }
    return { mediaType, digest, size: bytes.length }
  }

  async listTags(): Promise<string[]> {
    const tags: string[] = []
    const pages = new Pages(this.registry, 'list tags')
    for (let url: URL | undefined; ;) {
      const res: HttpResponse = await this.call({
        method: 'GET',
        ...(url ? { url } : { path: 'tags/list' }),
        ok: [200, 404],
        read: 16 * 1024 * 1024,
        what: 'list tags',
      })
      const body = await readBody(res, 16 * 1024 * 1024)
      if (res.status === 404) return []
      const parsed = JSON.parse(body.toString('utf8')) as { tags?: string[] | null }
      tags.push(...(parsed.tags ?? []))
      url = pages.next(res)
      if (!url) return tags
    }
  }

  async referrers(digest: string, artifactType?: string): Promise<Descriptor[]> {
    if (this.referrersApi === false) return readFallbackReferrers(this, digest, artifactType)
    const q = artifactType ? `?${new URLSearchParams({ artifactType })}` : ''
    const found: Descriptor[] = []
    const pages = new Pages(this.registry, `GET referrers of ${digest}`)
    for (let url: URL | undefined; ;) {
      const res: HttpResponse = await this.call({
        method: 'GET',
        ...(url ? { url } : { path: `referrers/${digest}${q}` }),
        headers: { accept: MediaType.OciIndex },
        ok: [200, 400, 404, 405, 406],
        read: 16 * 1024 * 1024,
        what: `GET referrers of ${digest}`,
      })
      const body = await readBody(res, 16 * 1024 * 1024)
      // Anything but a 200 index means no referrers API (distribution 2.8 answers a text/plain 404).
      if (res.status !== 200 || contentType(res) !== MediaType.OciIndex) {
        this.referrersApi = false
        return readFallbackReferrers(this, digest, artifactType)
      }
      const index = JSON.parse(body.toString('utf8')) as ImageIndex
      const filtered = /artifactType/i.test(header(res, 'oci-filters-applied') ?? '')
      found.push(
        ...(index.manifests ?? []).filter(
          (d) => !artifactType || filtered || d.artifactType === artifactType,
        ),
      )
      url = pages.next(res)
      if (!url) return found
    }
  }
}

/**
 * RFC 9110 preconditions for a compare-and-swap on a tag; the manifest's ETag is its quoted
 * digest. Registries that do not implement them (distribution 2.8) ignore them.
 */
function conditional(
  tag: string | undefined,
  expect: string | null | undefined,
): Record<string, string> {
  if (!tag || expect === undefined) return {}
  return expect === null ? { 'if-none-match': '*' } : { 'if-match': `"${expect}"` }
}

/** A TLS client meeting a plain http server reads its answer as a malformed TLS record. */
function isPlainHttpAnswer(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException | undefined
  return (
    err?.code === 'EPROTO' ||
    /wrong version number|packet length too long/i.test(String(err?.message))
  )
}

function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function contentType(res: HttpResponse): string | undefined {
  return header(res, 'content-type')?.split(';')[0]?.trim() || undefined
}

/**
 * Follows `Link: rel="next"` pages, refusing a link back to a page already read (a loop would
 * otherwise be followed until the page cap) and a list that never ends.
 */
class Pages {
  private readonly seen = new Set<string>()

  constructor(
    private readonly registry: string,
    private readonly what: string,
  ) {}

  next(res: Pick<HttpResponse, 'headers' | 'url'>): URL | undefined {
    this.seen.add(res.url.href)
    const url = nextLink(res)
    if (!url) return undefined
    if (this.seen.has(url.href)) {
      throw new RegistryError(
        'REGISTRY_ERROR',
        `${this.registry}: ${this.what}: page ${this.seen.size} links back to ${url.pathname}${url.search}, an earlier page; stopped instead of looping`,
        {
          registry: this.registry,
          hint: 'the registry pages its list wrongly; report it to its operator',
        },
      )
    }
    if (this.seen.size >= MAX_PAGES) {
      throw new RegistryError(
        'REGISTRY_ERROR',
        `${this.registry}: ${this.what}: more than ${MAX_PAGES} pages`,
        {
          registry: this.registry,
        },
      )
    }
    return url
  }
}

/** RFC 8288 `Link: <url>; rel="next"`, resolved against the request URL. */
export function nextLink(res: Pick<HttpResponse, 'headers' | 'url'>): URL | undefined {
  const link = res.headers.link
  const values = Array.isArray(link) ? link : link ? link.split(/,(?=\s*<)/) : []
  for (const v of values) {
    const m = /<([^>]*)>\s*;.*\brel="?next"?/i.exec(v)
    if (m) return new URL(m[1]!, res.url)
  }
  return undefined
}

function slice(start: number, end: number): Transform {
  let pos = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const from = Math.max(0, start - pos)
      const to = Math.min(chunk.length, end - pos)
      pos += chunk.length
      done(null, from < to ? chunk.subarray(from, to) : undefined)
    },
  })
}
