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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeError, ReleaseError, UserError } from '../src/errors.js'
import { BUNDLE_MEDIA_TYPE, type SerializedBundle } from '../src/sign/bundle-signer.js'
import { IN_TOTO_PAYLOAD_TYPE } from '../src/sign/dsse.js'
import {
  assertIdTokenPermission,
  githubIdToken,
  GITHUB_OIDC_ISSUER,
  keylessBundleSigner,
  verifyKeylessBundle,
  type KeylessPolicy,
} from '../src/sign/keyless.js'

const REQUEST_TOKEN = 'request-token-5f1c9e'
const JOB_WORKFLOW_REF = 'acme/app/.github/workflows/release.yml@refs/heads/main'
const IDENTITY = `https://github.com/${JOB_WORKFLOW_REF}`
const PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1'
const ARTIFACT = Buffer.from('the image manifest, or any bytes')
const SUBJECT_DIGEST = `sha256:${createHash('sha256').update(ARTIFACT).digest('hex')}`
const POLICY: KeylessPolicy = {
  certificateIdentity: IDENTITY,
  certificateOidcIssuer: GITHUB_OIDC_ISSUER,
}

interface Stub {
  url: string
  server: Server
  requests: number
}

/** One loopback server; `handle` answers every request. */
async function serve(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => Promise<void>,
): Promise<Stub> {
  const stub = { url: '', server: createServer(), requests: 0 }
  stub.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    stub.requests++
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

/**
 * The mock TSA writes genTime with asn1js, which trims trailing zeros of the milliseconds
 * (`.5Z` for 500 ms); @sigstore/core accepts exactly three digits, so one timestamp in ten would
 * not parse. The mock reads the clock synchronously on entry: call it when the milliseconds
 * cannot end in 0, with a millisecond to spare.
 */
function avoidTrimmedMilliseconds(fn: HandlerFn): HandlerFn {
  return (request) => {
    let ms: number
    do {
      ms = Date.now() % 10
    } while (ms === 0 || ms === 9) // at most two milliseconds
    return fn(request)
  }
}

function jwt(claims: Record<string, unknown>): string {
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

function statement(digest = SUBJECT_DIGEST, predicateType = PREDICATE_TYPE): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'registry.test/acme/app', digest: { sha256: digest.slice(7) } }],
      predicateType,
      predicate: {},
    }),
  )
}

const b64 = (b: ArrayBufferView) =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')

async function expectVerifyFailed(p: Promise<unknown>, check: RegExp): Promise<ReleaseError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ReleaseError)
  expect((e as ReleaseError).code).toBe('VERIFY_FAILED')
  expect((e as ReleaseError).message).toMatch(check)
  return e as ReleaseError
}

describe('keyless signing against @sigstore/mock', () => {
  let fulcio: Stub
  let rekor: Stub
  let tsa: Stub
  let oidc: Stub
  let trustedRoot: Record<string, unknown>
  let otherRoot: Record<string, unknown>
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

  beforeAll(async () => {
    const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const caKeys = ec()
    const ctlog = await initializeCTLog(caKeys)
    const ca = await initializeCA(caKeys, ctlog)
    const tsaAuthority = await initializeTSA(ec())
    const fulcioFn = fulcioHandler(ca)
    const tsaFn = tsaHandler(tsaAuthority)
    const rekorFn: { current?: ReturnType<typeof rekorHandler> } = {}

    fulcio = await serveMock(() => fulcioFn, githubSan)
    tsa = await serveMock(() => ({ ...tsaFn, fn: avoidTrimmedMilliseconds(tsaFn.fn) }))
    rekor = await serveMock(() => rekorFn.current!, rekorCanonicalDsse)
    // The log's checkpoints name its host, so it is created once the port is known.
    const tlog = await initializeTLog(rekor.url, ec())
    rekorFn.current = rekorHandler(tlog)

    oidc = await serve(async (req, _body, res) => {
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
    trustedRoot = {
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
    otherRoot = {
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
  })

  afterAll(async () => {
    for (const s of [fulcio, rekor, tsa, oidc]) {
      await new Promise((resolve) => s?.server.close(resolve))
    }
  })

  function actionsEnv(): NodeJS.ProcessEnv {
    return {
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: `${oidc.url}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    }
  }

  let bundle: SerializedBundle
  const secrets: string[] = []

  it('signs an in-toto statement with a Fulcio certificate, a Rekor entry and a timestamp', async () => {
    const env = actionsEnv()
    assertIdTokenPermission(env)
    const signer = keylessBundleSigner({
      fulcioURL: fulcio.url,
      rekorURL: rekor.url,
      tsaServerURL: tsa.url,
      identityToken: () => githubIdToken(env, (s) => secrets.push(s)),
      retries: 0,
    })
    expect(() => signer.identity).toThrow(/after the first signature or resolveIdentity/)
    expect(signer.keySigner).toBeUndefined()

    bundle = await signer.signDsse(IN_TOTO_PAYLOAD_TYPE, statement())

    expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE)
    const material = bundle.verificationMaterial as {
      certificate?: { rawBytes: string }
      tlogEntries: { kindVersion: { kind: string } }[]
      timestampVerificationData: { rfc3161Timestamps: unknown[] }
    }
    expect(material.certificate?.rawBytes).toMatch(/^[A-Za-z0-9+/=]{200,}$/)
    expect(material.tlogEntries).toHaveLength(1)
    expect(material.tlogEntries[0].kindVersion.kind).toBe('dsse')
    expect(material.timestampVerificationData.rfc3161Timestamps).toHaveLength(1)
    expect(signer.identity).toEqual({
      kind: 'keyless',
      subject: IDENTITY,
      issuer: GITHUB_OIDC_ISSUER,
    })
    // Both credentials are handed over for masking; they appear nowhere in the bundle.
    expect(secrets).toEqual(expect.arrayContaining([REQUEST_TOKEN, idToken]))
    expect(JSON.stringify(bundle)).not.toContain(idToken)
    expect(fulcio.requests).toBe(1)
    expect(rekor.requests).toBe(1)
    expect(tsa.requests).toBe(1)
  })

  it('predicts the identity before signing, as Fulcio derives it for GitHub', async () => {
    const signer = keylessBundleSigner({
      fulcioURL: fulcio.url,
      rekorURL: rekor.url,
      identityToken: async () => idToken,
    })
    const predicted = await signer.resolveIdentity()
    expect(predicted).toEqual({ kind: 'keyless', subject: IDENTITY, issuer: GITHUB_OIDC_ISSUER })
    expect(signer.identity).toEqual(predicted)
    await signer.signDsse(IN_TOTO_PAYLOAD_TYPE, statement())
    expect(signer.identity).toEqual(predicted)
  })

  it('verifies the bundle with the trusted root and the signing identity', async () => {
    const payload = await verifyKeylessBundle(bundle, POLICY, trustedRoot, {
      subjectDigest: SUBJECT_DIGEST,
      predicateType: PREDICATE_TYPE,
    })
    expect(payload.equals(statement())).toBe(true)
    const byRegexp = await verifyKeylessBundle(
      bundle,
      {
        certificateIdentityRegexp: '^https://github\\.com/acme/app/\\.github/workflows/',
        certificateOidcIssuer: GITHUB_OIDC_ISSUER,
      },
      trustedRoot,
      { subjectDigest: SUBJECT_DIGEST, predicateType: PREDICATE_TYPE },
    )
    expect(byRegexp.equals(payload)).toBe(true)
  })

  const expected = { subjectDigest: SUBJECT_DIGEST, predicateType: PREDICATE_TYPE }

  it('fails on another identity, exact or by regexp', async () => {
    const other = 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main'
    const e = await expectVerifyFailed(
      verifyKeylessBundle(bundle, { ...POLICY, certificateIdentity: other }, trustedRoot, expected),
      /certificate identity check failed: expected https:\/\/github\.com\/evil\/.*for https:\/\/github\.com\/acme\//,
    )
    expect(e.hint).toMatch(/certificate-identity/)
    await expectVerifyFailed(
      verifyKeylessBundle(
        bundle,
        {
          certificateIdentityRegexp: '^https://github\\.com/evil/',
          certificateOidcIssuer: GITHUB_OIDC_ISSUER,
        },
        trustedRoot,
        expected,
      ),
      /certificate identity check failed: .* does not match/,
    )
  })

  it('fails on another issuer', async () => {
    await expectVerifyFailed(
      verifyKeylessBundle(
        bundle,
        { ...POLICY, certificateOidcIssuer: 'https://accounts.google.com' },
        trustedRoot,
        expected,
      ),
      /certificate OIDC issuer check failed: expected https:\/\/accounts\.google\.com, the certificate names https:\/\/token\.actions/,
    )
  })

  it('fails on a tampered payload', async () => {
    const tampered = structuredClone(bundle) as SerializedBundle & {
      dsseEnvelope: { payload: string }
    }
    tampered.dsseEnvelope.payload = statement(`sha256:${'0'.repeat(64)}`).toString('base64')
    await expectVerifyFailed(
      verifyKeylessBundle(tampered, POLICY, trustedRoot, {
        subjectDigest: `sha256:${'0'.repeat(64)}`,
        predicateType: PREDICATE_TYPE,
      }),
      // The Rekor entry records the envelope's hash, so the log is the first check to notice.
      /transparency log check failed/,
    )
  })

  it('fails on a tampered signature', async () => {
    const tampered = structuredClone(bundle) as SerializedBundle & {
      dsseEnvelope: { signatures: { sig: string }[] }
    }
    const sig = Buffer.from(tampered.dsseEnvelope.signatures[0].sig, 'base64')
    sig[sig.length - 1] ^= 1
    tampered.dsseEnvelope.signatures[0].sig = sig.toString('base64')
    await expectVerifyFailed(
      verifyKeylessBundle(tampered, POLICY, trustedRoot, expected),
      /(timestamp|transparency log|signature) check failed/,
    )
  })

  it('fails on a statement for another digest or predicate type', async () => {
    await expectVerifyFailed(
      verifyKeylessBundle(bundle, POLICY, trustedRoot, {
        subjectDigest: `sha256:${'1'.repeat(64)}`,
        predicateType: PREDICATE_TYPE,
      }),
      /subject digest check failed/,
    )
    await expectVerifyFailed(
      verifyKeylessBundle(bundle, POLICY, trustedRoot, {
        subjectDigest: SUBJECT_DIGEST,
        predicateType: 'https://slsa.dev/provenance/v1',
      }),
      /predicate type check failed/,
    )
  })

  it('fails when the certificate is not from a trusted Fulcio', async () => {
    await expectVerifyFailed(
      verifyKeylessBundle(bundle, POLICY, otherRoot, expected),
      /certificate chain check failed/,
    )
  })

  it('refuses to verify without an identity and an issuer', async () => {
    await expect(
      verifyKeylessBundle(
        bundle,
        { certificateOidcIssuer: GITHUB_OIDC_ISSUER },
        trustedRoot,
        expected,
      ),
    ).rejects.toMatchObject({ code: 'INPUT_MISSING', input: 'certificate-identity' })
    await expect(
      verifyKeylessBundle(bundle, { certificateIdentity: IDENTITY }, trustedRoot, expected),
    ).rejects.toMatchObject({ code: 'INPUT_MISSING', input: 'certificate-oidc-issuer' })
  })

  it('stops at the token endpoint when the request token is refused, without printing it', async () => {
    const env = { ...actionsEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-request-token' }
    const masked: string[] = []
    const before = fulcio.requests
    const signer = keylessBundleSigner({
      fulcioURL: fulcio.url,
      rekorURL: rekor.url,
      identityToken: () => githubIdToken(env, (s) => masked.push(s)),
    })
    const e = await signer.signDsse(IN_TOTO_PAYLOAD_TYPE, statement()).catch((err: unknown) => err)
    expect(e).toMatchObject({ code: 'PERMISSION_MISSING' })
    expect(describeError(e)).toMatch(/HTTP 403/)
    expect(describeError(e)).not.toContain('wrong-request-token')
    expect(masked).toEqual(['wrong-request-token'])
    expect(fulcio.requests).toBe(before)
  })

  it('keeps the OIDC token out of errors from Fulcio', async () => {
    const token = jwt({ ...githubClaims, nonce: 'secret-nonce-7d2a' })
    const echo = await serve(async (_req, body, res) => {
      // A CA that quotes the request back: the worst case for a leaked token.
      res.writeHead(400, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ message: `bad request ${body}` }))
    })
    try {
      const signer = keylessBundleSigner({
        fulcioURL: echo.url,
        rekorURL: rekor.url,
        identityToken: async () => token,
        retries: 0,
      })
      const e = await signer
        .signDsse(IN_TOTO_PAYLOAD_TYPE, statement())
        .catch((err: unknown) => err)
      expect(e).toMatchObject({ code: 'SIGNING_FAILED' })
      const text = describeError(e)
      expect(text).toMatch(/\(400\)/)
      expect(text).not.toContain(token)
      expect(text).toContain('***')
    } finally {
      await new Promise((resolve) => echo.server.close(resolve))
    }
  })
})

describe('assertIdTokenPermission', () => {
  it('names keyless and the id-token permission when Actions cannot mint a token', () => {
    let e: unknown
    try {
      assertIdTokenPermission({ GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' })
    } catch (err) {
      e = err
    }
    expect(e).toBeInstanceOf(UserError)
    expect(e).toMatchObject({ code: 'PERMISSION_MISSING', input: 'keyless' })
    expect((e as UserError).message).toMatch(/^input 'keyless': /)
    expect((e as UserError).hint).toBe(
      'add `permissions: id-token: write` to the job (and to the calling workflow for reusable workflows)',
    )
    expect(() =>
      assertIdTokenPermission({
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
      }),
    ).toThrow(/keyless/)
  })

  it('passes in Actions with both variables, or anywhere with SIGSTORE_ID_TOKEN', () => {
    expect(() =>
      assertIdTokenPermission({
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'y',
      }),
    ).not.toThrow()
    expect(() => assertIdTokenPermission({ SIGSTORE_ID_TOKEN: 'a.b.c' })).not.toThrow()
  })

  it('outside Actions asks for SIGSTORE_ID_TOKEN', () => {
    expect(() => assertIdTokenPermission({})).toThrow(
      expect.objectContaining({
        code: 'PERMISSION_MISSING',
        input: 'keyless',
        hint: expect.stringMatching(/SIGSTORE_ID_TOKEN/),
      }),
    )
  })
})

describe('githubIdToken', () => {
  it('returns SIGSTORE_ID_TOKEN and hands it to onSecret', async () => {
    const token = jwt({ iss: 'https://issuer.test', sub: 'me' })
    const masked: string[] = []
    await expect(githubIdToken({ SIGSTORE_ID_TOKEN: token }, (s) => masked.push(s))).resolves.toBe(
      token,
    )
    expect(masked).toEqual([token])
  })

  it('rejects a token that is not a JWT without quoting it', async () => {
    const masked: string[] = []
    const e = await githubIdToken({ SIGSTORE_ID_TOKEN: 'ghp_notajwt' }, (s) =>
      masked.push(s),
    ).catch((err: unknown) => err)
    expect(e).toMatchObject({ code: 'SIGNING_FAILED' })
    expect(describeError(e)).not.toContain('ghp_notajwt')
    expect(masked).toEqual(['ghp_notajwt'])
  })

  it('fails with the permission error when there is no source at all', async () => {
    await expect(githubIdToken({ GITHUB_ACTIONS: 'true' }, () => {})).rejects.toMatchObject({
      code: 'PERMISSION_MISSING',
      input: 'keyless',
    })
  })
})
