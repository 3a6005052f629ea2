import { createPublicKey, type KeyObject } from 'node:crypto'
import { ReleaseError } from '../errors.js'
import { bufferSource } from '../oci/blob-source.js'
import { sha256 } from '../oci/digest.js'
import { MediaType } from '../oci/media-types.js'
import { appendConfirmed } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageManifest } from '../oci/types.js'
import { verifySignature, type Signer } from './signer.js'

// cosign's legacy ("tag-based") signature format: reference §4.1, §4.2, §4.4.

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json'
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature'
export const SIMPLE_SIGNING_TYPE = 'cosign container image signature'

// ggcr's empty.Image has the zero time; cosign's signature images inherit it, and a fixed value
// keeps the config identical across runs.
const ZERO_TIME = '0001-01-01T00:00:00Z'

/**
 * ggcr's `Repository.Name()`: registry and repository without tag. Docker Hub is written
 * `index.docker.io`, because that is the name cosign puts in payloads and containers/image
 * compares `docker-reference` against.
 */
export function dockerReference(repository: string): string {
  const slash = repository.indexOf('/')
  const first = slash < 0 ? '' : repository.slice(0, slash)
  const isHost =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))
  if (isHost && !['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(first)) {
    return repository
  }
  const path = isHost ? repository.slice(slash + 1) : repository
  return `index.docker.io/${path.includes('/') ? path : `library/${path}`}`
}

/**
 * The simple-signing payload, byte for byte as cosign writes it: compact, lower-case keys,
 * `optional` present as null (containers/image rejects a payload without it).
 */
export function simpleSigningPayload(repository: string, digest: string): Buffer {
  // Built as a string rather than JSON.stringify of an object so the key order is fixed by
  // this line, not by how the object happened to be assembled.
  return Buffer.from(
    `{"critical":{"identity":{"docker-reference":${JSON.stringify(dockerReference(repository))}},` +
      `"image":{"docker-manifest-digest":${JSON.stringify(digest)}},` +
      `"type":${JSON.stringify(SIMPLE_SIGNING_TYPE)}},"optional":null}`,
  )
}

export function signatureTag(digest: string): string {
  if (!/^[a-z0-9]+:[a-f0-9]+$/.test(digest)) {
    throw new ReleaseError('DIGEST_INVALID', `'${digest}' is not a digest to sign`)
  }
  return `${digest.replace(':', '-')}.sig`
}

/** The config ggcr derives for a signature image: one diff_id and one history entry per layer. */
function signatureConfig(layers: Descriptor[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: '',
      created: ZERO_TIME,
      history: layers.map(() => ({ created: ZERO_TIME })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  )
}

function isNotFound(e: unknown): boolean {
  return e instanceof ReleaseError && e.code === 'NOT_FOUND'
}

async function readSignatureManifest(
  store: Store,
  tag: string,
): Promise<{ manifest: ImageManifest; digest: string } | undefined> {
  let fetched
  try {
    fetched = await store.getManifest(tag)
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
  let manifest: ImageManifest
  try {
    manifest = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest
  } catch (e) {
    throw new ReleaseError('MANIFEST_INVALID', `${tag} in ${store.description} is not JSON`, {
      cause: e,
    })
  }
  if (!manifest || !Array.isArray(manifest.layers)) {
    // Refuse rather than overwrite: whatever is there may hold signatures we must not drop.
    throw new ReleaseError(
      'MANIFEST_INVALID',
      `${tag} in ${store.description} is not an image manifest with layers`,
      { hint: 'the signature tag holds something else; move it away before signing' },
    )
  }
  return { manifest, digest: fetched.digest }
}

/**
 * Whether a layer holds a signature of `payload` by this key. A layer with the payload's digest
 * holds these very bytes, so nothing is fetched: re-checks in a race stay one manifest read.
 */
function alreadySigned(layers: Descriptor[], payload: Buffer, publicKey: KeyObject): boolean {
  const digest = sha256(payload)
  for (const layer of layers) {
    if (layer.digest !== digest) continue
    const sig = layer.annotations?.[SIGNATURE_ANNOTATION]
    if (!sig) continue
    // ECDSA signatures are randomised: the same key signing the same payload gives new bytes,
    // so a duplicate is recognised by verifying, not by comparing signatures.
    if (verifySignature(publicKey, payload, Buffer.from(sig, 'base64'))) return true
  }
  return false
}

/**
 * Adds a signature of `subject` to the `.sig` tag, keeping every signature already there (other
 * keys, keyless ones, foreign tools'), also those other processes add meanwhile (see
 * appendConfirmed). Signing twice with the same key is a no-op.
 */
export async function appendLegacySignature(
  store: Store,
  repository: string,
  subject: Descriptor,
  signer: Signer,
): Promise<{ tag: string; manifestDigest: string; added: boolean }> {
  const tag = signatureTag(subject.digest)
  const payload = simpleSigningPayload(repository, subject.digest)
  const payloadBlob = bufferSource(payload)
  const publicKey = createPublicKey(signer.publicKeyPem)
  let signature: Buffer | undefined
  let manifestDigest = ''
  const { wrote } = await appendConfirmed({
    what: `signature tag ${tag}`,
    read: async () => {
      const existing = await readSignatureManifest(store, tag)
      manifestDigest = existing?.digest ?? ''
      return { digest: existing?.digest ?? null, value: existing }
    },
    has: (existing) => !!existing && alreadySigned(existing.manifest.layers, payload, publicKey),
    write: async (existing, expect) => {
      // One signature, however often it has to be re-applied: the payload does not change.
      signature ??= await signer.sign(payload)
      await store.putBlob(payloadBlob)
      const allLayers: Descriptor[] = [
        ...(existing?.manifest.layers ?? []),
        {
          mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
          digest: payloadBlob.digest,
          size: payloadBlob.size,
          annotations: { [SIGNATURE_ANNOTATION]: signature.toString('base64') },
        },
      ]
      const config = bufferSource(signatureConfig(allLayers))
      await store.putBlob(config)
      const manifest: ImageManifest = {
        schemaVersion: 2,
        // containers/image rejects a `.sig` manifest of any other type (reference §4.1).
        mediaType: MediaType.OciManifest,
        config: { mediaType: MediaType.OciConfig, digest: config.digest, size: config.size },
        layers: allLayers,
        ...(existing?.manifest.annotations ? { annotations: existing.manifest.annotations } : {}),
      }
      const bytes = Buffer.from(JSON.stringify(manifest))
      await store.putManifest(bytes, MediaType.OciManifest, tag, { expect })
    },
  })
  return { tag, manifestDigest, added: wrote }
}

const hasExactly = (value: unknown, keys: string[]): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === keys.length &&
  keys.every((k) => Object.hasOwn(value, k))

const invalid = (message: string): ReleaseError => new ReleaseError('SIGNATURE_INVALID', message)

/**
 * The signed digest of a simple-signing payload, checked as strictly as containers/image does
 * (exact key sets, `optional` present), so that what passes here passes there too.
 */
export function parseSimpleSigning(payload: Buffer): { digest: string; reference: string } {
  let doc: unknown
  try {
    doc = JSON.parse(payload.toString('utf8'))
  } catch {
    throw invalid('signature payload is not JSON')
  }
  if (!hasExactly(doc, ['critical', 'optional'])) {
    throw invalid('signature payload must hold exactly "critical" and "optional"')
  }
  const { critical, optional } = doc
  if (optional !== null && (typeof optional !== 'object' || Array.isArray(optional))) {
    throw invalid('signature payload "optional" is neither null nor an object')
  }
  if (!hasExactly(critical, ['identity', 'image', 'type'])) {
    throw invalid('signature payload "critical" must hold exactly identity, image and type')
  }
  if (critical.type !== SIMPLE_SIGNING_TYPE) {
    throw invalid(`signature payload type is ${JSON.stringify(critical.type)}`)
  }
  const { image, identity } = critical
  if (
    !hasExactly(image, ['docker-manifest-digest']) ||
    typeof image['docker-manifest-digest'] !== 'string'
  ) {
    throw invalid('signature payload "critical.image" must hold exactly docker-manifest-digest')
  }
  if (
    !hasExactly(identity, ['docker-reference']) ||
    typeof identity['docker-reference'] !== 'string'
  ) {
    throw invalid('signature payload "critical.identity" must hold exactly docker-reference')
  }
  return { digest: image['docker-manifest-digest'], reference: identity['docker-reference'] }
}

/**
 * What `cosign verify --key --insecure-ignore-tlog` checks of the `.sig` tag (reference §4.4):
 * at least one layer whose signature verifies with the key and whose payload names `digest`.
 */
export async function verifyLegacy(
  store: Store,
  repository: string,
  digest: string,
  publicKey: KeyObject,
): Promise<{ verified: number; total: number }> {
  const r = await verifyLegacyIfPresent(store, repository, digest, publicKey)
  if (!r) {
    throw new ReleaseError(
      'VERIFY_FAILED',
      `legacy signatures of ${repository}@${digest}: no signature tag ${signatureTag(digest)}`,
      {
        hint: 'the image was not signed in the legacy format, or the tag was deleted',
      },
    )
  }
  return r
}

/** As verifyLegacy, but undefined when there is no signature tag (one GET instead of listing tags). */
export async function verifyLegacyIfPresent(
  store: Store,
  repository: string,
  digest: string,
  publicKey: KeyObject,
): Promise<{ verified: number; total: number } | undefined> {
  const tag = signatureTag(digest)
  const what = `legacy signatures of ${repository}@${digest}`
  const found = await readSignatureManifest(store, tag).catch((e: unknown) => {
    // A registry that cannot be reached is the world failing, not a failed verification.
    if (!(e instanceof ReleaseError && e.code === 'MANIFEST_INVALID')) throw e
    throw new ReleaseError('VERIFY_FAILED', `${what}: ${e.message}`, { cause: e })
  })
  if (!found) return undefined
  if (found.manifest.layers.length === 0) {
    throw new ReleaseError('VERIFY_FAILED', `${what}: no signature tag ${tag}`, {
      hint: 'the image was not signed in the legacy format, or the tag was deleted',
    })
  }
  const layers = found.manifest.layers
  const failures: string[] = []
  let badSignatures = 0
  let verified = 0
  const payloads = await Promise.all(
    layers.map((l) => store.readBlob(l).catch((e: unknown) => e as Error)),
  )
  for (const [i, layer] of layers.entries()) {
    const fail = (why: string): void => {
      failures.push(`layer ${i + 1}: ${why}`)
    }
    const sig = layer.annotations?.[SIGNATURE_ANNOTATION]
    if (!sig) {
      fail(`no ${SIGNATURE_ANNOTATION} annotation`)
      continue
    }
    const payload = payloads[i]!
    if (payload instanceof Error) {
      fail(`payload ${layer.digest} unreadable: ${payload.message}`)
      continue
    }
    // Verify before parsing, so nothing unauthenticated is interpreted.
    if (!verifySignature(publicKey, payload, Buffer.from(sig, 'base64'))) {
      badSignatures++
      fail('signature does not verify with the key')
      continue
    }
    let signed: { digest: string }
    try {
      signed = parseSimpleSigning(payload)
    } catch (e) {
      fail((e as Error).message)
      continue
    }
    if (signed.digest !== digest) {
      fail(`signature payload names ${signed.digest} not ${digest}`)
      continue
    }
    verified++
  }
  if (verified === 0) {
    const message =
      badSignatures === layers.length
        ? `no legacy signature verifies with the key (${layers.length} checked)`
        : `no legacy signature verifies: ${failures.join('; ')}`
    throw new ReleaseError('VERIFY_FAILED', `${what}: ${message}`, {
      hint: 'sign the image with the matching key, or pass the public key it was signed with',
    })
  }
  return { verified, total: layers.length }
}
