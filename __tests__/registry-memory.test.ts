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

// A file of its own: vitest gives it a fresh process, so the resident-memory baseline is not
// inflated or masked by what other tests allocated and freed.
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
    const size = 64 * 1024 * 1024
    const path = randomFile(work, size)
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
    const digest = `sha256:${hash.digest('hex')}`
    expect(statSync(path).size).toBe(size)
    const source: BlobSource = {
      digest,
      size,
      open: async (start = 0, end = size) => createReadStream(path, { start, end: end - 1 }),
    }
    const dst = new RegistryStore(registry.host, 'big/blob', {
      credentials: { username: registry.username, password: registry.password },
      chunkSize: 8 * 1024 * 1024,
    })
    globalThis.gc?.()
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 5)
    const before = registry.logLines().length
    try {
      expect(await dst.putBlob(source)).toBe('uploaded')
    } finally {
      clearInterval(sampler)
    }
    peak = Math.max(peak, process.memoryUsage().rss)
    const grewMiB = (peak - baseline) / 1024 / 1024
    console.log(
      `64 MiB upload: resident memory grew by ${grewMiB.toFixed(1)} MiB (baseline ${(baseline / 1048576).toFixed(0)} MiB)`,
    )
    expect(grewMiB).toBeLessThan(50)
    const patches = registry
      .logLines()
      .slice(before)
      .filter((l) => /"PATCH \/v2\/big\/blob\/blobs\/uploads\//.test(l))
    expect(patches.length).toBe(8)
    expect(await dst.hasBlob(digest)).toBe(true)
  })
})
