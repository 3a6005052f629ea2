import { createHash, generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeError, ReleaseError, UserError } from '../src/errors.js'
import { keyBundleSigner } from '../src/sign/bundle.js'
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
import { keySigner } from '../src/sign/signer.js'
import type { TrustedRootSet } from '../src/sign/trust-root.js'
import {
  IDENTITY,
  jwt,
  REQUEST_TOKEN,
  serve,
  startSigstoreMock,
  type SigstoreMock,
  type Stub,
} from './helpers/sigstore-mock.js'

const PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1'
const ARTIFACT = Buffer.from('the image manifest, or any bytes')
const SUBJECT_DIGEST = `sha256:${createHash('sha256').update(ARTIFACT).digest('hex')}`
const POLICY: KeylessPolicy = {
  certificateIdentity: IDENTITY,
  certificateOidcIssuer: GITHUB_OIDC_ISSUER,
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
  let mock: SigstoreMock
  let fulcio: Stub
  let rekor: Stub
  let tsa: Stub
  let trusted: TrustedRootSet[]
  let other: TrustedRootSet[]
  let githubClaims: Record<string, unknown>
  let idToken: string

  beforeAll(async () => {
    mock = await startSigstoreMock()
    ;({ fulcio, rekor, tsa, githubClaims, idToken } = mock)
    trusted = [{ name: 'mock', trustedRoot: mock.trustedRoot, requireTlog: true }]
    other = [{ name: 'other', trustedRoot: mock.otherRoot, requireTlog: true }]
  })

  afterAll(async () => {
    await mock?.stop()
  })

  const actionsEnv = (): NodeJS.ProcessEnv => mock.actionsEnv()

  // One bundle, signed before any test runs, that every test reads and none changes.
  let bundle: SerializedBundle
  let signer: ReturnType<typeof keylessBundleSigner>
  let identityBeforeSigning: unknown
  let requestsAfterSigning: number[]
  const secrets: string[] = []
  beforeAll(async () => {
    const env = actionsEnv()
    assertIdTokenPermission(env)
    signer = keylessBundleSigner({
      fulcioURL: fulcio.url,
      rekorURL: rekor.url,
      tsaServerURL: tsa.url,
      identityToken: () => githubIdToken(env, (s) => secrets.push(s)),
      retries: 0,
    })
    identityBeforeSigning = (() => {
      try {
        return signer.identity
      } catch (e) {
        return e
      }
    })()
    bundle = await signer.signDsse(IN_TOTO_PAYLOAD_TYPE, statement())
    requestsAfterSigning = [fulcio.requests, rekor.requests, tsa.requests]
  })

  it('signs an in-toto statement with a Fulcio certificate, a Rekor entry and a timestamp', () => {
    expect(String(identityBeforeSigning)).toMatch(/after the first signature or resolveIdentity/)
    expect(signer.keySigner).toBeUndefined()

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
    expect(requestsAfterSigning).toEqual([1, 1, 1])
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
    const payload = await verifyKeylessBundle(bundle, POLICY, trusted, {
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
      trusted,
      { subjectDigest: SUBJECT_DIGEST, predicateType: PREDICATE_TYPE },
    )
    expect(byRegexp.equals(payload)).toBe(true)
  })

  const expected = { subjectDigest: SUBJECT_DIGEST, predicateType: PREDICATE_TYPE }

  it('fails on another identity, exact or by regexp', async () => {
    const other = 'https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main'
    const e = await expectVerifyFailed(
      verifyKeylessBundle(bundle, { ...POLICY, certificateIdentity: other }, trusted, expected),
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
        trusted,
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
        trusted,
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
      verifyKeylessBundle(tampered, POLICY, trusted, {
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
      verifyKeylessBundle(tampered, POLICY, trusted, expected),
      /(timestamp|transparency log|signature) check failed/,
    )
  })

  it('fails on a statement for another digest or predicate type', async () => {
    await expectVerifyFailed(
      verifyKeylessBundle(bundle, POLICY, trusted, {
        subjectDigest: `sha256:${'1'.repeat(64)}`,
        predicateType: PREDICATE_TYPE,
      }),
      /subject digest check failed/,
    )
    await expectVerifyFailed(
      verifyKeylessBundle(bundle, POLICY, trusted, {
        subjectDigest: SUBJECT_DIGEST,
        predicateType: 'https://slsa.dev/provenance/v1',
      }),
      /predicate type check failed/,
    )
  })

  it('fails when the certificate is not from a trusted Fulcio', async () => {
    await expectVerifyFailed(
      verifyKeylessBundle(bundle, POLICY, other, expected),
      /certificate chain check failed/,
    )
  })

  it('signs with GitHub-style witnesses (an RFC 3161 timestamp, no log) and verifies without a log', async () => {
    const before = rekor.requests
    const githubStyle = keylessBundleSigner({
      fulcioURL: fulcio.url,
      tsaServerURL: tsa.url,
      identityToken: async () => idToken,
      retries: 0,
    })
    const b = await githubStyle.signDsse(IN_TOTO_PAYLOAD_TYPE, statement())
    const material = b.verificationMaterial as {
      tlogEntries?: unknown[]
      timestampVerificationData: { rfc3161Timestamps: unknown[] }
    }
    expect(material.tlogEntries ?? []).toEqual([])
    expect(material.timestampVerificationData.rfc3161Timestamps).toHaveLength(1)
    expect(rekor.requests).toBe(before)
    const github = [{ name: 'github', trustedRoot: mock.githubRoot, requireTlog: false }]
    const payload = await verifyKeylessBundle(b, POLICY, github, expected)
    expect(payload.equals(statement())).toBe(true)
    // Under a root that requires the log, the same bundle is refused for lacking an entry.
    await expectVerifyFailed(
      verifyKeylessBundle(b, POLICY, [{ ...github[0]!, requireTlog: true }], expected),
      /transparency log check failed: expected 1 tlog entries, got 0/,
    )
  })

  it("refuses a timestamp outside the certificate's validity", async () => {
    const clock = mock.tsaAuthority as unknown as { getCurrentTime: () => Date }
    const wholeSeconds = clock.getCurrentTime
    // Fulcio certificates live ten minutes: a timestamp from eleven minutes on proves nothing.
    clock.getCurrentTime = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 11 * 60_000)
    let late: SerializedBundle
    try {
      late = await keylessBundleSigner({
        fulcioURL: fulcio.url,
        tsaServerURL: tsa.url,
        identityToken: async () => idToken,
        retries: 0,
      }).signDsse(IN_TOTO_PAYLOAD_TYPE, statement())
    } finally {
      clock.getCurrentTime = wholeSeconds
    }
    const github = [{ name: 'github', trustedRoot: mock.githubRoot, requireTlog: false }]
    await expectVerifyFailed(
      verifyKeylessBundle(late, POLICY, github, expected),
      /certificate chain check failed: Failed to verify certificate chain: certificate is not valid or expired at the specified date/,
    )
  })

  it('refuses a signer with neither a log nor a timestamp authority', () => {
    expect(() =>
      keylessBundleSigner({ fulcioURL: fulcio.url, identityToken: async () => idToken }),
    ).toThrow(/needs a transparency log or a TSA/)
  })

  it('verifies a TSA time in whole seconds; a trimmed fraction (.5Z) is what @sigstore/core refuses', async () => {
    const clock = mock.tsaAuthority as unknown as { getCurrentTime: () => Date }
    const wholeSeconds = clock.getCurrentTime
    const signWithTsaAt = async (ms: number) => {
      clock.getCurrentTime = () => new Date(Math.floor(Date.now() / 1000) * 1000 + ms)
      try {
        return await keylessBundleSigner({
          fulcioURL: fulcio.url,
          tsaServerURL: tsa.url,
          identityToken: async () => idToken,
          retries: 0,
        }).signDsse(IN_TOTO_PAYLOAD_TYPE, statement())
      } finally {
        clock.getCurrentTime = wholeSeconds
      }
    }
    const github = [{ name: 'github', trustedRoot: mock.githubRoot, requireTlog: false }]
    // DER drops trailing zeros: 500 ms is written `.5Z`, which the verifier cannot parse...
    await expectVerifyFailed(
      verifyKeylessBundle(await signWithTsaAt(500), POLICY, github, expected),
      /invalid time/,
    )
    // ...while three significant digits, and whole seconds (what the mock now writes), verify.
    await verifyKeylessBundle(await signWithTsaAt(123), POLICY, github, expected)
    await verifyKeylessBundle(await signWithTsaAt(0), POLICY, github, expected)
  })

  it('names a key-signed bundle as such instead of failing on its missing certificate', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const keySigned = await keyBundleSigner(keySigner(privateKey)).signDsse(
      IN_TOTO_PAYLOAD_TYPE,
      statement(),
    )
    await expectVerifyFailed(
      verifyKeylessBundle(keySigned, POLICY, trusted, expected),
      /bundle check failed: it is signed with a key, not keyless: verify it with verify-key/,
    )
  })

  it('refuses to verify without an identity and an issuer', async () => {
    await expect(
      verifyKeylessBundle(bundle, { certificateOidcIssuer: GITHUB_OIDC_ISSUER }, trusted, expected),
    ).rejects.toMatchObject({ code: 'INPUT_MISSING', input: 'certificate-identity' })
    await expect(
      verifyKeylessBundle(bundle, { certificateIdentity: IDENTITY }, trusted, expected),
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
