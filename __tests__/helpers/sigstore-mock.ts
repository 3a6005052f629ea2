import { createHash, generateKeyPairSync } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from '@sigstore/mock'
import { GITHUB_OIDC_ISSUER } from '../../src/sign/keyless.js'

/** The token the fake Actions OIDC endpoint wants as `Authorization: bearer`. */
export const REQUEST_TOKEN = 'request-token-5f1c9e'
export const JOB_WORKFLOW_REF = 'acme/app/.github/workflows/release.yml@refs/heads/main'
/** The SAN Fulcio certifies for a GitHub token with JOB_WORKFLOW_REF. */
export const IDENTITY = `https://github.com/${JOB_WORKFLOW_REF}`

export interface Stub {
  url: string
  server: Server
  requests: number
}

/** One loopback server; `handle` answers every request. */
export async function serve(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => Promise<void>,
): Promise<Stub> {
  const stub = { url: '', server: createServer(), requests: 0 }
  stub.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    stub.requests++
    // No keep-alive: a client reusing a pooled socket just as the server's keep-alive timeout
    // closes it gets "socket hang up" (seen under load, seconds between two signatures).
    res.setHeader('Connection', 'close')
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((e: unknown) => {
        res.writeHead(500).end(String(e))
      })
    })
  })
  await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve))
  stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`
  return stub
}

/** Serves one @sigstore/mock handler (Fulcio, Rekor or TSA) over real HTTP instead of nock. */
async function serveMock(
  handler: () => { path: string; fn: HandlerFn },
  rewrite: (body: string) => string = (b) => b,
): Promise<Stub> {
  return serve(async (req, body, res) => {
    const { path, fn } = handler()
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end()
      return
    }
    const { statusCode, response, contentType } = await fn(rewrite(body))
    const bytes =
      typeof response === 'string'
        ? Buffer.from(response)
        : Buffer.from(response.buffer, response.byteOffset, response.byteLength)
    res.writeHead(statusCode, { 'Content-Type': contentType ?? 'text/plain' }).end(bytes)
  })
}

type TSA = Awaited<ReturnType<typeof initializeTSA>>

/**
 * The mock TSA writes genTime with asn1js, which (as DER and RFC 3161 require) drops trailing
 * zeros of the fraction: 500 ms is `.5Z`. @sigstore/core parses only three-digit fractions and
 * refuses such a time ("invalid time"), so one timestamp in ten would not verify. Real TSAs
 * (Sigstore's timestamp-authority, which GitHub runs) write whole seconds, and so does the mock
 * here: its clock is read in whole seconds, never later than the certificate it vouches for.
 */
export function wholeSecondClock(tsa: TSA): void {
  ;(tsa as unknown as { getCurrentTime: () => Date }).getCurrentTime = () =>
    new Date(Math.floor(Date.now() / 1000) * 1000)
}

export function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  // Unsigned: the mock Fulcio decodes the claims without checking a signature.
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

/**
 * The real Fulcio puts `https://github.com/` + job_workflow_ref in the SAN of GitHub tokens; the
 * mock uses `sub`. Rewriting `sub` on the way in makes the mock issue what Fulcio would.
 */
function githubSan(body: string): string {
  const request = JSON.parse(body) as { credentials: { oidcIdentityToken: string } }
  const [header, payload, sig] = request.credentials.oidcIdentityToken.split('.')
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, string>
  if (claims.iss === GITHUB_OIDC_ISSUER && claims.job_workflow_ref) {
    claims.sub = `https://github.com/${claims.job_workflow_ref}`
    const rewritten = Buffer.from(JSON.stringify(claims)).toString('base64url')
    request.credentials.oidcIdentityToken = `${header}.${rewritten}.${sig}`
  }
  return JSON.stringify(request)
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * The real Rekor stores a dsse entry in its canonical form (hashes and signatures, no payload);
 * the mock stores the proposed entry as sent, which no verifier accepts. Canonicalise it first.
 */
function rekorCanonicalDsse(body: string): string {
  const entry = JSON.parse(body) as {
    kind: string
    spec: { proposedContent: { envelope: string; verifiers: string[] } }
  }
  if (entry.kind !== 'dsse') return body
  const { envelope, verifiers } = entry.spec.proposedContent
  const parsed = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] }
  return JSON.stringify({
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelope) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(parsed.payload, 'base64')) },
      signatures: parsed.signatures.map((s) => ({ signature: s.sig, verifier: verifiers[0] })),
    },
  })
}

const b64 = (b: ArrayBufferView) =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')

/** Mock Fulcio, Rekor and TSA on loopback, a fake Actions OIDC endpoint, and their trust roots. */
export interface SigstoreMock {
  fulcio: Stub
  rekor: Stub
  tsa: Stub
  oidc: Stub
  /** The claims of the token the OIDC endpoint hands out (a GitHub Actions token for acme/app). */
  githubClaims: Record<string, unknown>
  /** The token the OIDC endpoint hands out. */
  idToken: string
  /** What Sigstore's TUF repository serves as trusted_root.json, for these mock services. */
  trustedRoot: Record<string, unknown>
  /** Same logs, another Fulcio: its certificates must not be trusted. */
  otherRoot: Record<string, unknown>
  /** As GitHub's instance serves it: the CA (and its CT log) and the TSA, no transparency log. */
  githubRoot: Record<string, unknown>
  /** The TSA itself, for tests that set its clock. */
  tsaAuthority: TSA
  /**
   * These services as one instance's entry of the test endpoints file
   * (IMMUTABLE_RELEASE_TEST_SIGSTORE_ENDPOINTS); `github` has no Rekor, as GitHub's instance.
   */
  endpoints(
    instance: 'public-good' | 'github',
    tuf: { url: string; rootPath: string },
  ): Record<string, string | undefined>
  /** The variables GitHub Actions sets for a job with `id-token: write`, aimed at the fake OIDC. */
  actionsEnv(): NodeJS.ProcessEnv
  stop(): Promise<void>
}

export async function startSigstoreMock(): Promise<SigstoreMock> {
  const githubClaims = {
    iss: GITHUB_OIDC_ISSUER,
    aud: 'sigstore',
    sub: 'repo:acme/app:ref:refs/heads/main',
    job_workflow_ref: JOB_WORKFLOW_REF,
    repository: 'acme/app',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    event_name: 'push',
    exp: Math.floor(Date.now() / 1000) + 600,
  }
  const idToken = jwt(githubClaims)

  const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const caKeys = ec()
  const ctlog = await initializeCTLog(caKeys)
  const ca = await initializeCA(caKeys, ctlog)
  const tsaAuthority = await initializeTSA(ec())
  const fulcioFn = fulcioHandler(ca)
  const tsaFn = tsaHandler(tsaAuthority)
  const rekorFn: { current?: ReturnType<typeof rekorHandler> } = {}

  const fulcio = await serveMock(() => fulcioFn, githubSan)
  wholeSecondClock(tsaAuthority)
  const tsa = await serveMock(() => tsaFn)
  const rekor = await serveMock(() => rekorFn.current!, rekorCanonicalDsse)
  // The log's checkpoints name its host, so it is created once the port is known.
  const tlog = await initializeTLog(rekor.url, ec())
  rekorFn.current = rekorHandler(tlog)

  const oidc = await serve(async (req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.headers.authorization?.toLowerCase() !== `bearer ${REQUEST_TOKEN}`) {
      res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message":"denied"}')
      return
    }
    if (url.pathname !== '/token' || url.searchParams.get('audience') !== 'sigstore') {
      res.writeHead(400).end('audience must be sigstore')
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ count: 1, value: idToken }))
  })

  // What Sigstore's TUF repository serves as trusted_root.json, for these mock services.
  const start = new Date(Date.now() - 3600_000).toISOString()
  const key = (raw: Buffer) => ({
    rawBytes: raw.toString('base64'),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start },
  })
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: rekor.url,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(tlog.publicKey),
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: fulcio.url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.mock',
        hashAlgorithm: 'SHA2_256',
        publicKey: key(ctlog.publicKey),
        logId: { keyId: b64(ctlog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: tsa.url,
        certChain: {
          certificates: [
            { rawBytes: b64(tsaAuthority.intCertificate) },
            { rawBytes: b64(tsaAuthority.rootCertificate) },
          ],
        },
        validFor: { start },
      },
    ],
  }
  // Same logs, another Fulcio: its certificates must not be trusted.
  const otherCa = await initializeCA(ec())
  const otherRoot = {
    ...trustedRoot,
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'other' },
        uri: 'https://other.fulcio',
        certChain: { certificates: [{ rawBytes: b64(otherCa.rootCertificate) }] },
        validFor: { start },
      },
    ],
  }

  const githubRoot = { ...trustedRoot, tlogs: [] }

  return {
    fulcio,
    rekor,
    tsa,
    oidc,
    githubClaims,
    idToken,
    trustedRoot,
    otherRoot,
    githubRoot,
    tsaAuthority,
    endpoints: (instance, tuf) => ({
      fulcioURL: fulcio.url,
      rekorURL: instance === 'public-good' ? rekor.url : undefined,
      tsaURL: tsa.url,
      tufMirrorURL: tuf.url,
      tufRootPath: tuf.rootPath,
    }),
    actionsEnv: () => ({
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: `${oidc.url}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    }),
    async stop() {
      for (const s of [fulcio, rekor, tsa, oidc]) {
        await new Promise((resolve) => s.server.close(resolve))
      }
    },
  }
}
