import { createHash } from 'node:crypto'
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryStore, type BlobSource } from '../src/oci/index.js'
import { randomFile } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'htpasswd', 'openssl')

// The upload is checked by counting what the client opens and holds: one chunk-sized range
// stream at a time. How much memory that costs is measured in bench/memory.mjs.
describe.skipIf(!ok)('large blob upload', () => {
  let registry: TestRegistry
  let work: string

  beforeAll(async () => {
    registry = await startRegistry('token')
    work = mkdtempSync(join(tmpdir(), 'big-blob-'))
  })

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('uploads a 64 MiB blob in chunks, streaming from disk', async () => {
    const CHUNK = 8 * 1024 * 1024
    const size = 8 * CHUNK
    const path = randomFile(work, size)
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
    const digest = `sha256:${hash.digest('hex')}`
    expect(statSync(path).size).toBe(size)
    // Each range the client opens, and how many of its streams are open at once.
    const ranges: [number, number][] = []
    let open = 0
    let mostOpen = 0
    const source: BlobSource = {
      digest,
      size,
      open: async (start = 0, end = size) => {
        ranges.push([start, end])
        const stream = createReadStream(path, { start, end: end - 1 })
        mostOpen = Math.max(mostOpen, ++open)
        stream.once('close', () => open--)
        return stream
      },
    }
    const dst = new RegistryStore(registry.host, 'big/blob', {
      credentials: { username: registry.username, password: registry.password },
      chunkSize: CHUNK,
    })
    await registry.settle()
    const before = registry.logLines().length
    expect(await dst.putBlob(source)).toBe('uploaded')
    // Eight 8 MiB ranges that tile the blob, read one after another: never the whole blob.
    expect(ranges).toEqual(Array.from({ length: 8 }, (_, i) => [i * CHUNK, (i + 1) * CHUNK]))
    expect(mostOpen).toBe(1)
    await registry.settle()
    const patches = registry
      .logLines()
      .slice(before)
      .filter((l) => /"PATCH \/v2\/big\/blob\/blobs\/uploads\//.test(l))
    expect(patches.length).toBe(8)
    expect(await dst.hasBlob(digest)).toBe(true)
  })
})
