import {
  createHash,
  generateKeyPairSync,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundleFromJSON } from '@sigstore/bundle'
import { PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReleaseError } from '../src/errors.js'
import {
  LayoutStore,
  MediaType,
  RegistryStore,
  type Descriptor,
  type ImageManifest,
  type Store,
} from '../src/oci/index.js'
import {
  COSIGN_SIGN_PREDICATE_TYPE,
  imageSignatureStatement,
  keyBundleSigner,
  putBundle,
  verifyKeyBundle,
} from '../src/sign/bundle.js'
import { BUNDLE_MEDIA_TYPE, type SerializedBundle } from '../src/sign/bundle-signer.js'
import {
  appendLegacySignature,
  dockerReference,
  signatureTag,
  simpleSigningPayload,
  verifyLegacy,
} from '../src/sign/cosign.js'
import { IN_TOTO_PAYLOAD_TYPE } from '../src/sign/dsse.js'
import { readReferrers } from '../src/sign/referrer.js'
import { keySigner, type Signer } from '../src/sign/signer.js'
import { putBytes, writeImage, writeIndex } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'htpasswd', 'openssl', 'tar', 'gzip')
const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 }
const CREATED = '2024-05-01T12:00:00Z'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json'
const SIG_ANNOTATION = 'dev.cosignproject.cosign/signature'

interface KeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
  signer: Signer
}

function newKey(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { privateKey, publicKey, signer: keySigner(privateKey) }
}

const hexOf = (digest: string): string => digest.slice('sha256:'.length)
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

async function expectVerifyFailed(p: Promise<unknown>, message: RegExp | string): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ReleaseError)
  expect((error as ReleaseError).code).toBe('VERIFY_FAILED')
  expect((error as ReleaseError).message).toMatch(message)
}

/** A `.sig` manifest holding the given layers, pushed without our signing code. */
async function pushSigManifest(
  store: Store,
  digest: string,
  layers: { payload: Buffer; annotations: Record<string, string> }[],
): Promise<void> {
  const descs: Descriptor[] = []
  for (const layer of layers) {
    const { digest: d, size } = await putBytes(store, layer.payload)
    descs.push({ mediaType: SIMPLE_SIGNING, digest: d, size, annotations: layer.annotations })
  }
  const config = await putBytes(store, Buffer.from('{}'))
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: MediaType.OciConfig, ...config },
    layers: descs,
  }
  await store.putManifest(Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST, signatureTag(digest))
}

describe('simple-signing payload', () => {
  it('is the exact compact JSON cosign writes', () => {
    const digest = `sha256:${'ab'.repeat(32)}`
    expect(simpleSigningPayload('ghcr.io/owner/repo', digest).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"ghcr.io/owner/repo"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`,
    )
    expect(signatureTag(digest)).toBe(`sha256-${'ab'.repeat(32)}.sig`)
  })

  it('names Docker Hub repositories as ggcr does', () => {
    expect(dockerReference('docker.io/library/busybox')).toBe('index.docker.io/library/busybox')
    expect(dockerReference('busybox')).toBe('index.docker.io/library/busybox')
    expect(dockerReference('acme/app')).toBe('index.docker.io/acme/app')
    expect(dockerReference('registry-1.docker.io/acme/app')).toBe('index.docker.io/acme/app')
    expect(dockerReference('127.0.0.1:5000/demo/app')).toBe('127.0.0.1:5000/demo/app')
    expect(dockerReference('localhost/app')).toBe('localhost/app')
  })
})

describe.skipIf(!ok)('cosign-compatible signatures on a registry', () => {
  let registry: TestRegistry
  let store: RegistryStore
  let repo: string
  let a: KeyPair
  let b: KeyPair

  beforeAll(async () => {
    registry = await startRegistry('none')
    store = new RegistryStore(registry.host, 'demo/app', { retry: FAST_RETRY })
    repo = `${registry.host}/demo/app`
    a = newKey()
    b = newKey()
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
  })

  const image = (name: string): Promise<{ descriptor: Descriptor }> =>
    writeImage(store, [{ 'name.txt': `${name}\n` }])

  describe('legacy .sig', () => {
    it('is readable and verifiable over plain HTTP with node:crypto alone', async () => {
      const img = await image('independent')
      const digest = img.descriptor.digest
      const res = await appendLegacySignature(store, repo, img.descriptor, a.signer)
      expect(res.added).toBe(true)
      expect(res.tag).toBe(`sha256-${hexOf(digest)}.sig`)

      const base = `http://${registry.host}/v2/demo/app`
      const mres = await fetch(`${base}/manifests/${res.tag}`, {
        headers: { Accept: OCI_MANIFEST },
      })
      expect(mres.status).toBe(200)
      expect(mres.headers.get('content-type')).toBe(OCI_MANIFEST)
      const mbytes = Buffer.from(await mres.arrayBuffer())
      expect(sha256(mbytes)).toBe(res.manifestDigest)
      const manifest = JSON.parse(mbytes.toString()) as ImageManifest
      expect(manifest.mediaType).toBe(OCI_MANIFEST)
      expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json')
      expect(manifest.layers).toHaveLength(1)

      const expected = Buffer.from(
        `{"critical":{"identity":{"docker-reference":"${registry.host}/demo/app"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`,
      )
      for (const layer of manifest.layers) {
        expect(layer.mediaType).toBe(SIMPLE_SIGNING)
        const bres = await fetch(`${base}/blobs/${layer.digest}`)
        expect(bres.status).toBe(200)
        const payload = Buffer.from(await bres.arrayBuffer())
        expect(sha256(payload)).toBe(layer.digest)
        expect(payload.length).toBe(layer.size)
        expect(payload.equals(expected)).toBe(true)
        const sig = Buffer.from(layer.annotations?.[SIG_ANNOTATION] ?? '', 'base64')
        expect(nodeVerify('sha256', payload, a.publicKey, sig)).toBe(true)
        expect(nodeVerify('sha256', payload, b.publicKey, sig)).toBe(false)
        const parsed = JSON.parse(payload.toString()) as {
          critical: { image: { 'docker-manifest-digest': string } }
        }
        expect(parsed.critical.image['docker-manifest-digest']).toBe(digest)
      }

      // ggcr's config shape: diff_ids are the payload digests.
      const cres = await fetch(`${base}/blobs/${manifest.config.digest}`)
      const config = JSON.parse(Buffer.from(await cres.arrayBuffer()).toString()) as {
        rootfs: { type: string; diff_ids: string[] }
      }
      expect(config.rootfs).toEqual({
        type: 'layers',
        diff_ids: manifest.layers.map((l) => l.digest),
      })

      expect(await verifyLegacy(store, repo, digest, a.publicKey)).toEqual({
        verified: 1,
        total: 1,
      })
    })

    it('appends signatures of other keys and skips a repeat of the same key', async () => {
      const img = await image('append')
      const digest = img.descriptor.digest
      const first = await appendLegacySignature(store, repo, img.descriptor, a.signer)
      const second = await appendLegacySignature(store, repo, img.descriptor, b.signer)
      expect(second.added).toBe(true)
      expect(second.manifestDigest).not.toBe(first.manifestDigest)
      const again = await appendLegacySignature(store, repo, img.descriptor, a.signer)
      expect(again).toEqual({
        tag: second.tag,
        manifestDigest: second.manifestDigest,
        added: false,
      })

      const manifest = JSON.parse(
        (await store.getManifest(second.tag)).bytes.toString(),
      ) as ImageManifest
      expect(manifest.layers).toHaveLength(2)
      // Same payload, different keys: one layer each, told apart by their signatures.
      expect(manifest.layers[0]?.digest).toBe(manifest.layers[1]?.digest)
      expect(await verifyLegacy(store, repo, digest, a.publicKey)).toEqual({
        verified: 1,
        total: 2,
      })
      expect(await verifyLegacy(store, repo, digest, b.publicKey)).toEqual({
        verified: 1,
        total: 2,
      })
    })

    it('keeps a foreign layer already in the tag', async () => {
      const img = await image('foreign')
      const digest = img.descriptor.digest
      const foreignPayload = Buffer.from(
        `{"critical":{"identity":{"docker-reference":"elsewhere.example/app"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":{"creator":"someone else"}}`,
      )
      const foreignAnnotations = {
        [SIG_ANNOTATION]: nodeSign('sha256', foreignPayload, b.privateKey).toString('base64'),
        'dev.sigstore.cosign/certificate': '-----BEGIN CERTIFICATE-----\nnot really\n',
        'dev.sigstore.cosign/chain': '',
      }
      await pushSigManifest(store, digest, [
        { payload: foreignPayload, annotations: foreignAnnotations },
      ])
      const before = JSON.parse(
        (await store.getManifest(signatureTag(digest))).bytes.toString(),
      ) as ImageManifest

      const res = await appendLegacySignature(store, repo, img.descriptor, a.signer)
      expect(res.added).toBe(true)
      const after = JSON.parse((await store.getManifest(res.tag)).bytes.toString()) as ImageManifest
      expect(after.layers).toHaveLength(2)
      expect(after.layers[0]).toEqual(before.layers[0])
      expect(after.layers[0]?.annotations).toEqual(foreignAnnotations)
      expect(await verifyLegacy(store, repo, digest, a.publicKey)).toEqual({
        verified: 1,
        total: 2,
      })
      // The foreign signature (key b, optional annotations) verifies too.
      expect(await verifyLegacy(store, repo, digest, b.publicKey)).toEqual({
        verified: 1,
        total: 2,
      })
    })

    it('fails with another key, naming what failed', async () => {
      const img = await image('other-key')
      await appendLegacySignature(store, repo, img.descriptor, a.signer)
      await expectVerifyFailed(
        verifyLegacy(store, repo, img.descriptor.digest, b.publicKey),
        /no legacy signature verifies with the key/,
      )
    })

    it('fails when the signed payload names another digest', async () => {
      const img = await image('wrong-digest')
      const other = await image('the-other-one')
      const digest = img.descriptor.digest
      const payload = simpleSigningPayload(repo, other.descriptor.digest)
      await pushSigManifest(store, digest, [
        {
          payload,
          annotations: {
            [SIG_ANNOTATION]: nodeSign('sha256', payload, a.privateKey).toString('base64'),
          },
        },
      ])
      await expectVerifyFailed(
        verifyLegacy(store, repo, digest, a.publicKey),
        `signature payload names ${other.descriptor.digest} not ${digest}`,
      )
    })

    it('fails on a payload that is not strict simple-signing JSON', async () => {
      const img = await image('loose-payload')
      const digest = img.descriptor.digest
      // The capitalised key of the spec's example: Go accepts it, containers/image does not.
      const payload = Buffer.from(
        `{"critical":{"identity":{"docker-reference":"${repo}"},"image":{"Docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`,
      )
      await pushSigManifest(store, digest, [
        {
          payload,
          annotations: {
            [SIG_ANNOTATION]: nodeSign('sha256', payload, a.privateKey).toString('base64'),
          },
        },
      ])
      await expectVerifyFailed(
        verifyLegacy(store, repo, digest, a.publicKey),
        /docker-manifest-digest/,
      )
    })

    it('fails when the image has no signature tag', async () => {
      const img = await image('unsigned')
      await expectVerifyFailed(
        verifyLegacy(store, repo, img.descriptor.digest, a.publicKey),
        /no signature tag/,
      )
    })
  })

  describe('Sigstore bundle', () => {
    async function signBundle(
      subject: Descriptor,
      key: KeyPair,
      statement = imageSignatureStatement(subject.digest),
    ): Promise<SerializedBundle> {
      const bundle = await keyBundleSigner(key.signer).signDsse(IN_TOTO_PAYLOAD_TYPE, statement)
      await putBundle(store, subject, bundle, COSIGN_SIGN_PREDICATE_TYPE, CREATED)
      return bundle
    }

    /** Verification written against @sigstore/verify's public API only, not our verifier. */
    function sigstoreVerify(bundleJson: unknown, key: KeyPair): Buffer {
      const bundle = bundleFromJSON(bundleJson)
      const hint =
        bundle.verificationMaterial.content.$case === 'publicKey'
          ? bundle.verificationMaterial.content.publicKey.hint
          : ''
      const root = TrustedRoot.fromJSON({
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [],
        certificateAuthorities: [],
        ctlogs: [],
        timestampAuthorities: [],
      })
      const trust = toTrustMaterial(root, {
        [hint]: {
          rawBytes: key.publicKey.export({ type: 'spki', format: 'der' }),
          keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
          validFor: undefined,
        },
      })
      new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
        toSignedEntity(bundle),
      )
      if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE bundle')
      return Buffer.from(bundle.content.dsseEnvelope.payload)
    }

    it('is stored as a referrer that @sigstore/verify accepts', async () => {
      const img = await image('bundle')
      const digest = img.descriptor.digest
      const bundle = await signBundle(img.descriptor, a)
      expect(bundle).toMatchObject({
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: {
          publicKey: { hint: a.signer.keyId },
          tlogEntries: [],
          timestampVerificationData: { rfc3161Timestamps: [] },
        },
        dsseEnvelope: { payloadType: 'application/vnd.in-toto+json' },
      })

      const found = await store.referrers(digest, BUNDLE_MEDIA_TYPE)
      expect(found).toHaveLength(1)
      const fetched = await store.getManifest(found[0]!.digest)
      const manifest = JSON.parse(fetched.bytes.toString()) as ImageManifest
      expect(manifest.artifactType).toBe(BUNDLE_MEDIA_TYPE)
      expect(manifest.config.mediaType).toBe('application/vnd.oci.empty.v1+json')
      expect(manifest.subject).toEqual({
        mediaType: img.descriptor.mediaType,
        digest,
        size: img.descriptor.size,
      })
      expect(manifest.annotations).toEqual({
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': COSIGN_SIGN_PREDICATE_TYPE,
        'org.opencontainers.image.created': CREATED,
      })
      expect(manifest.layers).toHaveLength(1)
      expect(manifest.layers[0]?.mediaType).toBe(BUNDLE_MEDIA_TYPE)
      const blob = await store.readBlob(manifest.layers[0]!)

      const payload = sigstoreVerify(JSON.parse(blob.toString()), a)
      expect(JSON.parse(payload.toString())).toEqual({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ digest: { sha256: hexOf(digest) } }],
        predicateType: 'https://sigstore.dev/cosign/sign/v1',
        predicate: {},
      })
      expect(() => sigstoreVerify(JSON.parse(blob.toString()), b)).toThrow(/signature/)

      const ours = await verifyKeyBundle(
        JSON.parse(blob.toString()) as SerializedBundle,
        a.publicKey,
        digest,
        COSIGN_SIGN_PREDICATE_TYPE,
      )
      expect(ours.equals(payload)).toBe(true)
    })

    it('writes the same referrer bytes when signing data and time repeat', async () => {
      const img = await image('bundle-repeat')
      const bundle = await keyBundleSigner(a.signer).signDsse(
        IN_TOTO_PAYLOAD_TYPE,
        imageSignatureStatement(img.descriptor.digest),
      )
      const one = await putBundle(
        store,
        img.descriptor,
        bundle,
        COSIGN_SIGN_PREDICATE_TYPE,
        CREATED,
      )
      const two = await putBundle(
        store,
        img.descriptor,
        bundle,
        COSIGN_SIGN_PREDICATE_TYPE,
        CREATED,
      )
      expect(two.digest).toBe(one.digest)
      expect(await store.referrers(img.descriptor.digest, BUNDLE_MEDIA_TYPE)).toHaveLength(1)
    })

    it('fails with another key, another digest, an altered payload or predicate type', async () => {
      const img = await image('bundle-tamper')
      const other = await image('bundle-tamper-other')
      const digest = img.descriptor.digest
      const bundle = await signBundle(img.descriptor, a)

      await expectVerifyFailed(
        verifyKeyBundle(bundle, b.publicKey, digest, COSIGN_SIGN_PREDICATE_TYPE),
        /does not verify with the key/,
      )

      const forOther = await keyBundleSigner(a.signer).signDsse(
        IN_TOTO_PAYLOAD_TYPE,
        imageSignatureStatement(other.descriptor.digest),
      )
      await expectVerifyFailed(
        verifyKeyBundle(forOther, a.publicKey, digest, COSIGN_SIGN_PREDICATE_TYPE),
        `names ${other.descriptor.digest}, not ${digest}`,
      )

      const envelope = bundle.dsseEnvelope as { payload: string }
      const altered = Buffer.from(envelope.payload, 'base64')
      // Inside the hex digest: still valid JSON, so only the signature can catch it.
      const at = altered.indexOf(hexOf(digest)) + 5
      altered[at] = altered[at] === 0x30 ? 0x31 : 0x30
      const tampered = {
        ...bundle,
        dsseEnvelope: { ...envelope, payload: altered.toString('base64') },
      }
      await expectVerifyFailed(
        verifyKeyBundle(tampered, a.publicKey, digest, COSIGN_SIGN_PREDICATE_TYPE),
        /does not verify with the key/,
      )
      expect(() => sigstoreVerify(tampered, a)).toThrow(/signature/)

      await expectVerifyFailed(
        verifyKeyBundle(bundle, a.publicKey, digest, 'https://slsa.dev/provenance/v1'),
        /predicateType is "https:\/\/sigstore.dev\/cosign\/sign\/v1", not https:\/\/slsa.dev/,
      )
      await expectVerifyFailed(
        verifyKeyBundle(
          { ...bundle, dsseEnvelope: { ...envelope, payloadType: 'text/plain' } },
          a.publicKey,
          digest,
          COSIGN_SIGN_PREDICATE_TYPE,
        ),
        /payload type is text\/plain/,
      )
      await expectVerifyFailed(
        verifyKeyBundle(
          { mediaType: BUNDLE_MEDIA_TYPE },
          a.publicKey,
          digest,
          COSIGN_SIGN_PREDICATE_TYPE,
        ),
        /not a valid Sigstore bundle/,
      )
    })
  })

  it('signs a multi-platform index and each platform manifest', async () => {
    const index = await writeIndex(store)
    const targets = [index.descriptor, ...index.children.map((c) => c.descriptor)]
    for (const target of targets) {
      const subject = { mediaType: target.mediaType, digest: target.digest, size: target.size }
      expect((await appendLegacySignature(store, repo, subject, a.signer)).added).toBe(true)
      const bundle = await keyBundleSigner(a.signer).signDsse(
        IN_TOTO_PAYLOAD_TYPE,
        imageSignatureStatement(target.digest),
      )
      await putBundle(store, subject, bundle, COSIGN_SIGN_PREDICATE_TYPE, CREATED)
    }
    expect(new Set(targets.map((t) => t.digest)).size).toBe(3)
    for (const target of targets) {
      expect(await verifyLegacy(store, repo, target.digest, a.publicKey)).toEqual({
        verified: 1,
        total: 1,
      })
      const referrers = await readReferrers(store, target.digest, BUNDLE_MEDIA_TYPE)
      expect(referrers).toHaveLength(1)
      const payload = await verifyKeyBundle(
        JSON.parse(referrers[0]!.blob.toString()) as SerializedBundle,
        a.publicKey,
        target.digest,
        COSIGN_SIGN_PREDICATE_TYPE,
      )
      expect(payload.toString()).toContain(hexOf(target.digest))
    }
    // A child's signature does not stand in for the index's.
    await expectVerifyFailed(
      verifyKeyBundle(
        JSON.parse(
          (await readReferrers(store, targets[1]!.digest, BUNDLE_MEDIA_TYPE))[0]!.blob.toString(),
        ) as SerializedBundle,
        a.publicKey,
        index.descriptor.digest,
        COSIGN_SIGN_PREDICATE_TYPE,
      ),
      /names sha256:/,
    )
  })
})

describe.skipIf(!ok)('cosign-compatible signatures in an OCI layout', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cosign-layout-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('appends, skips and verifies the same way', async () => {
    const layout = await LayoutStore.open(join(dir, 'out'), { create: true })
    const img = await writeImage(layout, [{ 'a.txt': 'layout\n' }])
    const key = newKey()
    const repo = 'ghcr.io/acme/app'
    expect((await appendLegacySignature(layout, repo, img.descriptor, key.signer)).added).toBe(true)
    expect((await appendLegacySignature(layout, repo, img.descriptor, key.signer)).added).toBe(
      false,
    )
    expect(await verifyLegacy(layout, repo, img.descriptor.digest, key.publicKey)).toEqual({
      verified: 1,
      total: 1,
    })
    const bundle = await keyBundleSigner(key.signer).signDsse(
      IN_TOTO_PAYLOAD_TYPE,
      imageSignatureStatement(img.descriptor.digest),
    )
    await putBundle(layout, img.descriptor, bundle, COSIGN_SIGN_PREDICATE_TYPE, CREATED)
    const [stored] = await readReferrers(layout, img.descriptor.digest, BUNDLE_MEDIA_TYPE)
    expect(stored).toBeDefined()
    await verifyKeyBundle(
      JSON.parse(stored!.blob.toString()) as SerializedBundle,
      key.publicKey,
      img.descriptor.digest,
      COSIGN_SIGN_PREDICATE_TYPE,
    )
  })
})
