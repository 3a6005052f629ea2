import type { KeyObject } from 'node:crypto'
import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify'
import { ReleaseError } from '../errors.js'
import type { Store } from '../oci/store.js'
import type { Descriptor } from '../oci/types.js'
import { BUNDLE_MEDIA_TYPE, type BundleSigner, type SerializedBundle } from './bundle-signer.js'
import { IN_TOTO_PAYLOAD_TYPE, pae } from './dsse.js'
import { putReferrer } from './referrer.js'
import type { Signer } from './signer.js'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
/** What cosign v3 puts in the statement it signs for `cosign sign` (reference §4.5). */
export const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1'

/**
 * Signs DSSE envelopes with a key into Sigstore bundles v0.3, as `cosign sign --key` v3 does:
 * no transparency log entry and no timestamp, so the key alone vouches for the signature.
 */
export function keyBundleSigner(signer: Signer): BundleSigner {
  return {
    identity: { kind: 'key', keyId: signer.keyId },
    keySigner: signer,
    async signDsse(payloadType, payload) {
      const sig = await signer.sign(pae(payloadType, payload))
      // Proto-JSON field names and order, as @sigstore/bundle's bundleToJSON writes them.
      return {
        mediaType: BUNDLE_MEDIA_TYPE,
        verificationMaterial: {
          // The hint is unsigned: verifiers use the key they were given, never one the hint picks.
          publicKey: { hint: signer.keyId },
          tlogEntries: [],
          timestampVerificationData: { rfc3161Timestamps: [] },
        },
        dsseEnvelope: {
          payload: payload.toString('base64'),
          payloadType,
          // keyid stays empty, as cosign writes it (reference §6.3).
          signatures: [{ sig: sig.toString('base64'), keyid: '' }],
        },
      }
    },
  }
}

function sha256Hex(digest: string): string {
  const m = /^sha256:([a-f0-9]{64})$/.exec(digest)
  if (!m?.[1]) throw new ReleaseError('DIGEST_INVALID', `'${digest}' is not a sha256 digest`)
  return m[1]
}

/** The in-toto statement cosign v3 signs for an image: the subject has a digest and no name. */
export function imageSignatureStatement(digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: STATEMENT_TYPE,
      subject: [{ digest: { sha256: sha256Hex(digest) } }],
      predicateType: COSIGN_SIGN_PREDICATE_TYPE,
      predicate: {},
    }),
  )
}

/**
 * Stores a bundle as an OCI 1.1 referrer of `subject`, laid out as cosign v3 stores it.
 * `created` comes from the caller (the commit time) so a re-run writes the same manifest bytes.
 */
export async function putBundle(
  store: Store,
  subject: Descriptor,
  bundle: SerializedBundle,
  predicateType: string,
  created: string,
): Promise<Descriptor> {
  return putReferrer(store, subject, {
    artifactType: BUNDLE_MEDIA_TYPE,
    blob: Buffer.from(JSON.stringify(bundle)),
    blobMediaType: BUNDLE_MEDIA_TYPE,
    // Sorted, as Go's encoding/json writes cosign's annotation map.
    annotations: {
      'dev.sigstore.bundle.content':
        'messageSignature' in bundle ? 'message-signature' : 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': predicateType,
      'org.opencontainers.image.created': created,
    },
  })
}

function fail(message: string, cause?: unknown): never {
  throw new ReleaseError('VERIFY_FAILED', message, cause === undefined ? {} : { cause })
}

/** Trust in exactly one key: whatever the bundle's hint says, this key is the one checked. */
function keyTrust(publicKey: KeyObject): TrustMaterial {
  return {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey: () => ({ publicKey, validFor: () => true }),
  }
}

/**
 * Verifies a key-signed bundle with @sigstore/verify, then checks the statement it carries names
 * `expectedSubjectDigest` with `expectedPredicateType`. Returns the verified statement bytes.
 */
export async function verifyKeyBundle(
  bundle: SerializedBundle,
  publicKey: KeyObject,
  expectedSubjectDigest: string,
  expectedPredicateType: string,
): Promise<Buffer> {
  const expectedHex = sha256Hex(expectedSubjectDigest)
  let parsed: Bundle
  try {
    parsed = bundleFromJSON(bundle)
  } catch (e) {
    fail(`not a valid Sigstore bundle: ${(e as Error).message}`, e)
  }
  if (parsed.content.$case !== 'dsseEnvelope') {
    fail('the bundle holds a message signature, not a DSSE envelope')
  }
  if (parsed.verificationMaterial.content.$case !== 'publicKey') {
    fail('the bundle is keyless (it carries a certificate), not signed with a key')
  }
  const envelope = parsed.content.dsseEnvelope
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    fail(`the envelope's payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`)
  }

  const entity = toSignedEntity(parsed)
  try {
    // Key-based verification has no trusted root to check log entries or timestamps against
    // (cosign --key --insecure-ignore-tlog): they are dropped, and thresholds are zero, so the
    // signature over the envelope's PAE is what is checked.
    new Verifier(keyTrust(publicKey), {
      tlogThreshold: 0,
      ctlogThreshold: 0,
      timestampThreshold: 0,
    }).verify({ ...entity, tlogEntries: [], timestamps: [] })
  } catch (e) {
    fail(`the bundle's signature does not verify with the key: ${(e as Error).message}`, e)
  }

  // Parse the very bytes whose signature was checked (DSSE: never re-read the envelope).
  const payload = Buffer.from(envelope.payload)
  let statement: { _type?: unknown; predicateType?: unknown; subject?: unknown }
  try {
    statement = JSON.parse(payload.toString('utf8')) as typeof statement
  } catch (e) {
    fail('the signed statement is not JSON', e)
  }
  if (statement._type !== STATEMENT_TYPE) {
    fail(
      `the signed statement's _type is ${JSON.stringify(statement._type)}, not ${STATEMENT_TYPE}`,
    )
  }
  if (statement.predicateType !== expectedPredicateType) {
    fail(
      `the signed statement's predicateType is ${JSON.stringify(statement.predicateType)}, not ${expectedPredicateType}`,
    )
  }
  const subjects = Array.isArray(statement.subject) ? (statement.subject as unknown[]) : []
  const digests = subjects.map((s) => {
    const d = (s as { digest?: { sha256?: unknown } } | null)?.digest?.sha256
    return typeof d === 'string' ? d : undefined
  })
  if (!digests.includes(expectedHex)) {
    const named = digests.filter((d) => d !== undefined).map((d) => `sha256:${d}`)
    fail(
      `the signed statement names ${named.length ? named.join(', ') : 'no sha256 subject'}, not ${expectedSubjectDigest}`,
    )
  }
  return payload
}
