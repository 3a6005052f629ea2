/**
 * Debian's registry refuses a manifest (400 MANIFEST_BLOB_UNKNOWN) whose blob it holds while
 * another push of that blob rewrites the blob's link file: six processes signing one image in
 * the legacy format all upload the same payload, and CI lost a signature to this. The client
 * writes such a manifest again; here another tool keeps re-uploading the referenced blobs
 * while manifests that reference them are written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bufferSource, RegistryStore } from '../src/oci/index.js'
import { manifestBytes } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry')
const WRITERS = 6
const ROUNDS = 10
const PUTS_PER_ROUND = 5

describe.skipIf(!ok)('manifest writes while the blobs they reference are pushed again', () => {
  let registry: TestRegistry

  beforeAll(async () => {
    registry = await startRegistry('none')
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
  })

  /** A monolithic upload of bytes the registry already has, as a second pusher sends it. */
  async function pushAgain(repository: string, bytes: Buffer, digest: string): Promise<void> {
    const started = await fetch(`http://${registry.host}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
    })
    await started.arrayBuffer()
    const location = new URL(started.headers.get('location') ?? '', `http://${registry.host}`)
    location.searchParams.set('digest', digest)
    const put = await fetch(location, { method: 'PUT', body: bytes })
    await put.arrayBuffer()
    expect(put.status).toBe(201)
  }

  it('every manifest lands, although the registry refused some while it settled', async () => {
    const repository = 'settling/sig'
    const retries: string[] = []
    const store = new RegistryStore(registry.host, repository, {
      onRetry: (m) => retries.push(m),
    })
    const written: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const payload = Buffer.from(`{"critical":{"round":${round}}}`)
      const layer = bufferSource(payload)
      const config = bufferSource(Buffer.from(`{"round":${round}}`))
      await store.putBlob(config)
      await store.putBlob(layer)
      const manifest = manifestBytes(config, [
        { mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...layer },
      ])
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          for (let k = 0; k < PUTS_PER_ROUND; k++) {
            const tag = `r${round}-w${writer}-${k}`
            await Promise.all([
              pushAgain(repository, payload, layer.digest),
              store.putManifest(manifest, 'application/vnd.oci.image.manifest.v1+json', tag),
            ])
            written.push(tag)
          }
        }),
      )
    }
    // Contention happened: the registry refused some writes (each retried, as onRetry says).
    const refused = retries.filter((m) =>
      /PUT manifest .*status 400 \(.*MANIFEST_BLOB_UNKNOWN/.test(m),
    )
    expect(refused.length).toBeGreaterThan(0)
    // None was lost: every tag is there.
    expect(written).toHaveLength(WRITERS * ROUNDS * PUTS_PER_ROUND)
    expect(new Set(await store.listTags())).toEqual(new Set(written))
  }, 120_000)
})
