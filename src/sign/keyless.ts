/**
 * Keyless signing: an ephemeral key certified by Fulcio for the workflow's OIDC identity, each
 * signature witnessed by Rekor (public-good) and/or an RFC 3161 timestamp authority (GitHub's
 * instance has no public log). The bundle alone proves who signed; there is no key to keep, so
 * keyless signers only produce bundles.
 */
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle'
import { X509Certificate } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type Witness,
} from '@sigstore/sign'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { ReleaseError, UserError } from '../errors.js'
import type { BundleSigner, SerializedBundle, SignerIdentity } from './bundle-signer.js'
import { IN_TOTO_PAYLOAD_TYPE } from './dsse.js'
import type { TrustedRootSet } from './trust-root.js'

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

const ID_TOKEN_HINT =
  'add `permissions: id-token: write` to the job (and to the calling workflow for reusable workflows)'
const OUTSIDE_ACTIONS_HINT =
  'outside GitHub Actions, set SIGSTORE_ID_TOKEN to an OIDC identity token whose audience is sigstore'

// Fulcio's issuer extensions: v2 holds a DER UTF8String, v1 (legacy) the raw bytes.
const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1'
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8'

/**
 * Fails before any registry write when no OIDC token can be had, so a job without
 * `id-token: write` stops at once instead of after pushing an unsigned image.
 */
export function assertIdTokenPermission(env: NodeJS.ProcessEnv): void {
  const missing = missingPermission(env)
  if (missing) throw missing
}

function missingPermission(env: NodeJS.ProcessEnv): UserError | undefined {
  // A token given directly wins everywhere: the user chose it over the runner's.
  if (env.SIGSTORE_ID_TOKEN) return undefined
  if (env.GITHUB_ACTIONS === 'true') {
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined
    return new UserError(
      'PERMISSION_MISSING',
      'is true, but this job may not request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
      { input: 'keyless', hint: ID_TOKEN_HINT },
    )
  }
  return new UserError('PERMISSION_MISSING', 'is true, but no OIDC token is available', {
    input: 'keyless',
    hint: OUTSIDE_ACTIONS_HINT,
  })
}

/**
 * The OIDC token Fulcio binds the certificate to: SIGSTORE_ID_TOKEN when given, else one minted
 * by the Actions runtime for `audience`. Every credential passes through `onSecret` before it can
 * reach an error message or a log.
 */
export async function githubIdToken(
  env: NodeJS.ProcessEnv,
  onSecret: (value: string) => void,
  audience = 'sigstore',
): Promise<string> {
  if (env.SIGSTORE_ID_TOKEN) {
    const token = env.SIGSTORE_ID_TOKEN.trim()
    onSecret(token)
    decodeJwtClaims(token, 'SIGSTORE_ID_TOKEN')
    return token
  }
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!requestUrl || !requestToken) {
    throw missingPermission(env) ?? new ReleaseError('INTERNAL', 'no OIDC token source')
  }
  onSecret(requestToken)

  let url: URL
  try {
    url = new URL(requestUrl)
  } catch (e) {
    throw new ReleaseError('SIGNING_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL', {
      cause: e,
    })
  }
  url.searchParams.set('audience', audience)

  let response: Response | undefined
  let lastFailure = ''
  // The token service is occasionally slow to answer right after a job starts; retry briefly.
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${requestToken}` },
        signal: AbortSignal.timeout(30_000),
      })
      if (response.ok || response.status < 500) break
      lastFailure = `HTTP ${response.status} ${response.statusText}`.trim()
    } catch (e) {
      response = undefined
      lastFailure = e instanceof Error ? e.message : String(e)
    }
    if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, 250 * attempt))
  }
  if (response === undefined) {
    throw new ReleaseError(
      'SIGNING_FAILED',
      `could not reach the Actions OIDC token endpoint ${url.origin}: ${lastFailure}`,
    )
  }
  if (!response.ok) {
    const permission = response.status === 401 || response.status === 403
    throw new ReleaseError(
      permission ? 'PERMISSION_MISSING' : 'SIGNING_FAILED',
      `the Actions OIDC token endpoint answered HTTP ${response.status} ${response.statusText}`.trim(),
      { hint: permission ? ID_TOKEN_HINT : 'retry the job; the token service may be degraded' },
    )
  }
  let value: unknown
  try {
    value = ((await response.json()) as { value?: unknown }).value
  } catch (e) {
    throw new ReleaseError(
      'SIGNING_FAILED',
      'the Actions OIDC token endpoint did not answer JSON',
      {
        cause: e,
      },
    )
  }
  if (typeof value !== 'string' || value === '') {
    throw new ReleaseError(
      'SIGNING_FAILED',
      'the Actions OIDC token endpoint answered without a token',
    )
  }
  onSecret(value)
  decodeJwtClaims(value, 'the Actions OIDC token')
  return value
}

/** The claims of a JWT, unverified: Fulcio verifies the signature, we only need to read them. */
function decodeJwtClaims(token: string, source: string): Record<string, unknown> {
  const parts = token.split('.')
  let claims: unknown
  if (parts.length === 3) {
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    } catch {
      claims = undefined
    }
  }
  // Checked here because @sigstore/sign quotes the whole token in its parse error.
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new ReleaseError('SIGNING_FAILED', `${source} is not a JWT`, {
      hint: 'pass an OIDC identity token (header.payload.signature), not an access token',
    })
  }
  const c = claims as Record<string, unknown>
  if (typeof c.iss !== 'string' || (typeof c.sub !== 'string' && typeof c.email !== 'string')) {
    throw new ReleaseError('SIGNING_FAILED', `${source} has no 'iss' and 'sub' claims`)
  }
  return c
}

export interface KeylessOptions {
  fulcioURL: string
  /** When set, each signature is logged there; GitHub's instance has no log. */
  rekorURL?: string
  /** When set, each signature gets an RFC 3161 timestamp from this authority. */
  tsaServerURL?: string
  /** Called once per signature: OIDC tokens are short-lived, so each certificate gets a fresh one. */
  identityToken: () => Promise<string>
  /** Per request to Fulcio, Rekor and the TSA. */
  timeoutMs?: number
  /** Further attempts after a 5xx, 408, 429 or a network failure. */
  retries?: number
}

export interface KeylessBundleSigner extends BundleSigner {
  /**
   * The identity Fulcio certified for the last signature, read from the certificate because only
   * Fulcio decides the SAN. Before any signature, what resolveIdentity predicted; throws when
   * neither has happened.
   */
  readonly identity: SignerIdentity
  /**
   * The identity without signing anything (a re-run that finds every signature in place still
   * records who signs): fetches a token and predicts the SAN the way Fulcio derives it.
   */
  resolveIdentity(): Promise<SignerIdentity>
}

export function keylessBundleSigner(options: KeylessOptions): KeylessBundleSigner {
  const fetchOptions = { timeout: options.timeoutMs ?? 30_000, retry: options.retries ?? 2 }
  let token = ''
  const signer = new FulcioSigner({
    fulcioBaseURL: trimSlash(options.fulcioURL),
    identityProvider: {
      getToken: async () => {
        token = await options.identityToken()
        decodeJwtClaims(token, 'the OIDC token')
        return token
      },
    },
    ...fetchOptions,
  })
  // A certificate lives ten minutes: without a log entry or a timestamp, no one could tell later
  // that the signature was made while it was valid.
  if (!options.rekorURL && !options.tsaServerURL) {
    throw new ReleaseError('INTERNAL', 'keyless signing needs a transparency log or a TSA')
  }
  const witnesses: Witness[] = []
  if (options.rekorURL) {
    witnesses.push(
      new RekorWitness({
        rekorBaseURL: trimSlash(options.rekorURL),
        entryType: 'dsse',
        // A retried upload whose first attempt landed answers 409; take the existing entry.
        fetchOnConflict: true,
        ...fetchOptions,
      }),
    )
  }
  if (options.tsaServerURL) {
    witnesses.push(new TSAWitness({ tsaBaseURL: trimSlash(options.tsaServerURL), ...fetchOptions }))
  }
  const builder = new DSSEBundleBuilder({ signer, witnesses })
  let identity: SignerIdentity | undefined
  let predicted: SignerIdentity | undefined

  return {
    get identity(): SignerIdentity {
      const known = identity ?? predicted
      if (known === undefined) {
        throw new ReleaseError(
          'INTERNAL',
          'the keyless identity is known only after the first signature or resolveIdentity()',
        )
      }
      return known
    },
    async resolveIdentity(): Promise<SignerIdentity> {
      if (identity) return identity
      predicted = identityFromClaims(
        decodeJwtClaims(await options.identityToken(), 'the OIDC token'),
      )
      return predicted
    },
    async signDsse(payloadType: string, payload: Buffer): Promise<SerializedBundle> {
      let bundle: Bundle
      try {
        bundle = await builder.create({ data: payload, type: payloadType })
      } catch (e) {
        // Our own errors (a missing permission from identityToken) arrive wrapped by @sigstore/sign.
        const ours = releaseErrorIn(e)
        if (ours) throw ours
        throw new ReleaseError('SIGNING_FAILED', 'keyless signing failed', {
          hint: 'check that Fulcio and Rekor or the TSA are reachable and accept the OIDC token',
          cause: scrubbed(e, token),
        })
      }
      identity = identityOf(certificateOf(bundle))
      return bundleToJSON(bundle) as SerializedBundle
    },
  }
}

export interface KeylessPolicy {
  certificateIdentity?: string
  /** Unanchored, as cosign's --certificate-identity-regexp: anchor it with ^ and $ yourself. */
  certificateIdentityRegexp?: string
  certificateOidcIssuer?: string
}

/**
 * Verifies a keyless DSSE bundle and returns its in-toto statement. `roots` are Sigstore
 * trusted_root.json sets (from TUF, see trust-root.ts): the Fulcio CAs, log keys and TSAs that
 * this function trusts and nothing else. The bundle is checked against the set whose CA issued
 * its certificate; its timestamp (Rekor's integrated time or RFC 3161) must fall within the
 * certificate's validity.
 */
export async function verifyKeylessBundle(
  bundle: SerializedBundle,
  policy: KeylessPolicy,
  roots: readonly TrustedRootSet[],
  expected: { subjectDigest: string; predicateType: string },
): Promise<Buffer> {
  // Any GitHub user can get a Fulcio certificate; without an identity and issuer, a signature
  // proves nothing about who made it.
  if (policy.certificateIdentity === undefined && policy.certificateIdentityRegexp === undefined) {
    throw new UserError('INPUT_MISSING', 'is required to verify a keyless signature', {
      input: 'certificate-identity',
      valid: 'certificate-identity or certificate-identity-regexp',
    })
  }
  if (policy.certificateOidcIssuer === undefined) {
    throw new UserError('INPUT_MISSING', 'is required to verify a keyless signature', {
      input: 'certificate-oidc-issuer',
      valid: `the issuer URL, e.g. ${GITHUB_OIDC_ISSUER}`,
    })
  }

  let parsed: Bundle
  try {
    parsed = bundleFromJSON(bundle)
  } catch (e) {
    throw verifyFailed('bundle', `not a valid Sigstore bundle: ${messageOf(e)}`, e)
  }
  if (parsed.content.$case !== 'dsseEnvelope') {
    throw verifyFailed('bundle', 'holds a message signature, not a DSSE envelope')
  }

  const signer = verifyWithRoots(parsed, roots)

  const san = signer.identity?.subjectAlternativeName
  const issuer = signer.identity?.extensions?.issuer
  if (policy.certificateIdentity !== undefined && san !== policy.certificateIdentity) {
    throw verifyFailed(
      'certificate identity',
      `expected ${policy.certificateIdentity}, the certificate is for ${san ?? 'no identity'}`,
    )
  }
  if (
    policy.certificateIdentityRegexp !== undefined &&
    (san === undefined || !new RegExp(policy.certificateIdentityRegexp).test(san))
  ) {
    throw verifyFailed(
      'certificate identity',
      `${san ?? 'no identity'} does not match /${policy.certificateIdentityRegexp}/`,
    )
  }
  if (issuer !== policy.certificateOidcIssuer) {
    throw verifyFailed(
      'certificate OIDC issuer',
      `expected ${policy.certificateOidcIssuer}, the certificate names ${issuer ?? 'no issuer'}`,
    )
  }

  const envelope = parsed.content.dsseEnvelope
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw verifyFailed('payload type', `${envelope.payloadType}, expected ${IN_TOTO_PAYLOAD_TYPE}`)
  }
  checkStatement(envelope.payload, expected)
  return envelope.payload
}

type Signer = ReturnType<Verifier['verify']>

/** The first set whose CA issued the certificate decides; the others cannot vouch for it. */
function verifyWithRoots(bundle: Bundle, roots: readonly TrustedRootSet[]): Signer {
  if (bundle.verificationMaterial.content.$case === 'publicKey') {
    throw verifyFailed('bundle', 'it is signed with a key, not keyless: verify it with verify-key')
  }
  const leaf = certificateOf(bundle)
  const sets = roots.map((r) => {
    try {
      return { set: r, material: toTrustMaterial(TrustedRoot.fromJSON(r.trustedRoot)) }
    } catch (e) {
      throw verifyFailed(
        'trusted root',
        `${r.name} is not a valid Sigstore trusted root: ${messageOf(e)}`,
        e,
      )
    }
  })
  const issuers = sets.filter(({ material }) =>
    material.certificateAuthorities.some((ca) => {
      const issuing = ca.certChain[0]
      try {
        return issuing !== undefined && leaf.verify(issuing)
      } catch {
        return false // a key of another algorithm: not this CA
      }
    }),
  )
  if (!issuers.length) {
    const names = roots.map((r) => r.name).join(', ') || 'none loaded'
    throw verifyFailed(
      'certificate chain',
      `no CA of the trusted roots (${names}) issued the signing certificate`,
    )
  }
  let first: unknown
  for (const { set, material } of issuers) {
    try {
      return new Verifier(material, {
        tlogThreshold: set.requireTlog ? 1 : 0,
        ctlogThreshold: material.ctlogs.length ? 1 : 0,
        timestampThreshold: 1,
      }).verify(toSignedEntity(bundle))
    } catch (e) {
      first ??= e
    }
  }
  const code = (first as { code?: unknown }).code
  const names = issuers.map((c) => c.set.name).join(', ')
  throw verifyFailed(
    checkName(typeof code === 'string' ? code : ''),
    `${causeChain(first)} (trusted roots tried: ${names})`,
    first,
  )
}

function checkStatement(
  payload: Buffer,
  expected: { subjectDigest: string; predicateType: string },
): void {
  let statement: { subject?: unknown; predicateType?: unknown }
  try {
    statement = JSON.parse(payload.toString('utf8')) as typeof statement
  } catch (e) {
    throw verifyFailed('statement', 'the payload is not JSON', e)
  }
  if (statement.predicateType !== expected.predicateType) {
    throw verifyFailed(
      'predicate type',
      `${String(statement.predicateType)}, expected ${expected.predicateType}`,
    )
  }
  const colon = expected.subjectDigest.indexOf(':')
  const algorithm = expected.subjectDigest.slice(0, colon)
  const hex = expected.subjectDigest.slice(colon + 1)
  const subjects = Array.isArray(statement.subject) ? (statement.subject as unknown[]) : []
  const found = subjects.some((s) => {
    const digest = (s as { digest?: Record<string, unknown> } | null)?.digest
    return typeof digest?.[algorithm] === 'string' && digest[algorithm] === hex
  })
  if (colon <= 0 || !found) {
    throw verifyFailed(
      'subject digest',
      `no subject of the statement has ${expected.subjectDigest}`,
    )
  }
}

/** What each @sigstore/verify error code was checking, in the words a user would look for. */
function checkName(code: string): string {
  if (code.startsWith('TLOG')) return 'transparency log'
  if (code === 'CERTIFICATE_ERROR') return 'certificate chain'
  if (code === 'PUBLIC_KEY_ERROR') return 'public key'
  if (code === 'SIGNATURE_ERROR') return 'signature'
  if (code === 'TIMESTAMP_ERROR') return 'timestamp'
  return 'bundle'
}

function verifyFailed(check: string, detail: string, cause?: unknown): ReleaseError {
  return new ReleaseError('VERIFY_FAILED', `keyless bundle: ${check} check failed: ${detail}`, {
    cause,
    hint:
      check.startsWith('certificate') && check !== 'certificate chain'
        ? 'the bundle was signed by another workflow or issuer; check certificate-identity and certificate-oidc-issuer'
        : 'the bundle or the signed statement was altered, or was not made for this artifact',
  })
}

function certificateOf(bundle: Bundle): X509Certificate {
  const content = bundle.verificationMaterial.content
  const raw =
    content.$case === 'certificate'
      ? content.certificate.rawBytes
      : content.$case === 'x509CertificateChain'
        ? content.x509CertificateChain.certificates[0]?.rawBytes
        : undefined
  if (raw === undefined) {
    throw new ReleaseError('INTERNAL', 'the keyless bundle carries no signing certificate')
  }
  return X509Certificate.parse(Buffer.from(raw))
}

function identityOf(cert: X509Certificate): SignerIdentity {
  const v2 = cert.extension(OID_FULCIO_ISSUER_V2)
  const issuer = v2
    ? v2.valueObj.subs?.[0]?.value.toString('utf8')
    : cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('utf8')
  return { kind: 'keyless', subject: cert.subjectAltName ?? '', issuer: issuer ?? '' }
}

/**
 * The SAN Fulcio would certify: for GitHub Actions the job's workflow ref as a URL (the reusable
 * workflow's, not the caller's), for email-based issuers the verified email, else the subject.
 * Issuers with other rules (GitLab, Buildkite, ...) are only known from the certificate.
 */
function identityFromClaims(claims: Record<string, unknown>): SignerIdentity {
  const issuer = String(claims.iss)
  const subject =
    issuer === GITHUB_OIDC_ISSUER && typeof claims.job_workflow_ref === 'string'
      ? `https://github.com/${claims.job_workflow_ref}`
      : typeof claims.email === 'string'
        ? claims.email
        : String(claims.sub)
  return { kind: 'keyless', subject, issuer }
}

/** The cause chain as one error with the token cut out: messages reach logs via describeError. */
function scrubbed(e: unknown, secret: string): Error {
  const parts: string[] = []
  let cur: unknown = e
  for (let depth = 0; cur !== undefined && cur !== null && depth < 6; depth++) {
    parts.push(messageOf(cur))
    cur = cur instanceof Error ? cur.cause : undefined
  }
  const text = parts.join(': ')
  return new Error(secret ? text.split(secret).join('***') : text)
}

function releaseErrorIn(e: unknown): ReleaseError | undefined {
  let cur: unknown = e
  for (let depth = 0; cur instanceof Error && depth < 6; depth++) {
    if (cur instanceof ReleaseError) return cur
    cur = cur.cause
  }
  return undefined
}

/** @sigstore/verify puts the reason (an expired certificate, say) in the cause. */
function causeChain(e: unknown): string {
  const parts: string[] = []
  for (let cur = e, depth = 0; cur !== undefined && cur !== null && depth < 4; depth++) {
    parts.push(messageOf(cur))
    cur = cur instanceof Error ? cur.cause : undefined
  }
  return parts.join(': ')
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
