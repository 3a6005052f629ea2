import { createPublicKey } from 'node:crypto'
import type { Store } from '../oci/store.js'
import type { Descriptor } from '../oci/types.js'
import {
  COSIGN_SIGN_PREDICATE_TYPE,
  imageSignatureStatement,
  putBundle,
  verifyKeyBundle,
} from './bundle.js'
import { BUNDLE_MEDIA_TYPE, type BundleSigner, type SerializedBundle } from './bundle-signer.js'
import { appendLegacySignature, signatureTag, verifyLegacyIfPresent } from './cosign.js'
import { IN_TOTO_PAYLOAD_TYPE } from './dsse.js'
import { readReferrers, putReferrer, type Referrer } from './referrer.js'

/** Both results, or the first failure once both have ended: no write outlives the call. */
async function allOrFirstError<A, B>(
  work: [Promise<A> | undefined, Promise<B> | undefined],
): Promise<[A | undefined, B | undefined]> {
  const [a, b] = await Promise.allSettled(work)
  if (a.status === 'rejected') throw a.reason
  if (b.status === 'rejected') throw b.reason
  return [a.value, b.value]
}

export type SignatureFormatChoice = 'legacy' | 'bundle' | 'both'

export interface AttachContext {
  store: Store
  /** `registry/repository`: the docker-reference of legacy payloads and the record's references. */
  repository: string
  signer: BundleSigner
  format: SignatureFormatChoice
  /** The commit time: re-runs write the same artifact bytes. */
  created: string
}

/** What was found or written for one subject; `written` counts new registry artifacts. */
export interface Attached {
  references: string[]
  written: number
}

const PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType'

/**
 * A bundle referrer of `subject` with this predicate type that this signer made: for a key, one
 * that verifies with it; keyless signatures cannot be re-checked without the trusted root, so
 * any bundle of the predicate counts (a repair then never duplicates a keyless signature).
 */
async function findBundle(
  ctx: AttachContext,
  subject: string,
  predicateType: string,
): Promise<string | undefined> {
  const candidates = (await readReferrers(ctx.store, subject, BUNDLE_MEDIA_TYPE)).filter(
    (r) => r.manifest.annotations?.[PREDICATE_ANNOTATION] === predicateType,
  )
  const key = ctx.signer.keySigner
  for (const c of candidates) {
    if (!key) return c.descriptor.digest
    try {
      const bundle = JSON.parse(c.blob.toString('utf8')) as SerializedBundle
      await verifyKeyBundle(bundle, createPublicKey(key.publicKeyPem), subject, predicateType)
      return c.descriptor.digest
    } catch {
      // Another key's bundle, or a broken one: keep looking.
    }
  }
  return undefined
}

async function attachBundle(
  ctx: AttachContext,
  subject: Descriptor,
  predicateType: string,
  statement: Buffer,
): Promise<{ digest: string; added: boolean }> {
  const existing = await findBundle(ctx, subject.digest, predicateType)
  if (existing) return { digest: existing, added: false }
  const bundle = await ctx.signer.signDsse(IN_TOTO_PAYLOAD_TYPE, statement)
  const d = await putBundle(ctx.store, subject, bundle, predicateType, ctx.created)
  return { digest: d.digest, added: true }
}

/**
 * Signs `subject` in the chosen formats; keyless signers have no key for the legacy `.sig` tag.
 * The two formats live under different tags (`.sig`, the referrers or their fallback index), so
 * they are written side by side: each append waits out its own settle time (appendConfirmed).
 */
export async function signSubject(ctx: AttachContext, subject: Descriptor): Promise<Attached> {
  const key = ctx.signer.keySigner
  const [legacy, bundle] = await allOrFirstError([
    ctx.format !== 'bundle' && key
      ? appendLegacySignature(ctx.store, ctx.repository, subject, key)
      : undefined,
    ctx.format !== 'legacy' || !key
      ? attachBundle(
          ctx,
          subject,
          COSIGN_SIGN_PREDICATE_TYPE,
          imageSignatureStatement(subject.digest),
        )
      : undefined,
  ])
  const out: Attached = { references: [], written: 0 }
  if (legacy) {
    out.references.push(`${ctx.repository}:${signatureTag(subject.digest)}`)
    if (legacy.added) out.written++
  }
  if (bundle) {
    out.references.push(`${ctx.repository}@${bundle.digest}`)
    if (bundle.added) out.written++
  }
  return out
}

/** A DSSE-signed attestation (provenance) as a bundle referrer; an existing one is kept. */
export async function attachAttestation(
  ctx: AttachContext,
  subject: Descriptor,
  predicateType: string,
  statement: Buffer,
): Promise<{ digest: string; added: boolean }> {
  return attachBundle(ctx, subject, predicateType, statement)
}

/** Whether `digest` already carries a signature this signer made, in a format it writes. */
async function signedByUs(ctx: AttachContext, digest: string): Promise<boolean> {
  const key = ctx.signer.keySigner
  if (ctx.format !== 'legacy' || !key) {
    if (await findBundle(ctx, digest, COSIGN_SIGN_PREDICATE_TYPE)) return true
  }
  if (ctx.format !== 'bundle' && key) {
    const publicKey = createPublicKey(key.publicKeyPem)
    const legacy = await verifyLegacyIfPresent(ctx.store, ctx.repository, digest, publicKey).catch(
      () => undefined,
    )
    if (legacy) return true
  }
  return false
}

/**
 * A record already there that says what `record` would say. Unsigned, any equivalent record will
 * do (it adds nothing a signed one lacks); signed, only one this signer has signed already, so a
 * record someone else wrote is never signed on their behalf.
 */
async function findEquivalent(
  ctx: AttachContext | Omit<AttachContext, 'signer'>,
  records: Referrer[],
  equivalent: (record: Buffer) => boolean,
): Promise<Referrer | undefined> {
  for (const r of records) {
    if (!equivalent(r.blob)) continue
    if (!('signer' in ctx) || (await signedByUs(ctx, r.descriptor.digest))) return r
  }
  return undefined
}

/**
 * The release record as a referrer of the image, signed like an image. A record with the same
 * bytes already there is kept, so a re-run writes nothing; so is an `equivalent` one (the same
 * release, written by another run); anything else is added beside it. Only the signatures the
 * kept record lacks are written.
 */
export async function attachRecord(
  ctx: AttachContext | Omit<AttachContext, 'signer'>,
  subject: Descriptor,
  artifactType: string,
  record: Buffer,
  equivalent?: (record: Buffer) => boolean,
): Promise<{ descriptor: Descriptor; written: number; signatures: string[] }> {
  const records = await readReferrers(ctx.store, subject.digest, artifactType)
  const same =
    records.find((r) => r.blob.equals(record)) ??
    (equivalent && (await findEquivalent(ctx, records, equivalent)))
  let written = 0
  let descriptor = same?.descriptor
  if (!descriptor) {
    descriptor = await putReferrer(ctx.store, subject, {
      artifactType,
      blob: record,
      blobMediaType: artifactType,
      annotations: { 'org.opencontainers.image.created': ctx.created },
    })
    written++
  }
  const manifest = {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
  }
  if (!('signer' in ctx)) return { descriptor: manifest, written, signatures: [] }
  const signed = await signSubject(ctx, manifest)
  return { descriptor: manifest, written: written + signed.written, signatures: signed.references }
}
