import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RegistryError } from '../src/errors.js'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { bufferSource, copyImage, LayoutStore, RegistryStore } from '../src/oci/index.js'
import { startRecordingServer, type RecordingServer } from './helpers/blob-host.js'
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js'
import { manifestBytes, writeImage, writeIndex } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'htpasswd', 'openssl', 'tar', 'gzip')

describe.skipIf(!ok)('registry client under faults', () => {
  let registry: TestRegistry
  let proxy: FaultProxy
  let blobHost: RecordingServer
  let work: string
  let layout: LayoutStore
  const retries: string[] = []

  beforeAll(async () => {
    registry = await startRegistry('token')
    proxy = await startFaultProxy(registry.host)
    blobHost = await startRecordingServer()
    work = mkdtempSync(join(tmpdir(), 'faults-'))
    layout = await LayoutStore.open(join(work, 'layout'), { create: true })
    await writeImage(
      layout,
      [{ 'a.txt': 'a\n' }, { 'b.txt': 'b'.repeat(70_000) }, { 'c/d.txt': 'd\n' }],
      { tag: 'v1' },
    )
    await writeIndex(layout, 'multi')
  }, 60_000)

  afterAll(async () => {
    await blobHost?.stop()
    await proxy?.stop()
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  const store = (repository: string, attempts = 8, chunkSize?: number): RegistryStore =>
    new RegistryStore(proxy.host, repository, {
      credentials: { username: registry.username, password: registry.password },
      retry: { attempts, baseDelayMs: 5, maxDelayMs: 1500 },
      chunkSize,
      onRetry: (m) => retries.push(m),
    })

  it('copies whole images with the same digests while a third of requests fail', async () => {
    proxy.setFaults({ rate: 0.3, kinds: [500, 503, 429, 'reset'], seed: 7, retryAfterSeconds: 1 })
    const before = proxy.requests.length
    // Small chunks so that PATCH uploads meet faults too.
    const dst = store('faults/app', 10, 32 * 1024)
    const single = await copyImage(layout, dst, 'v1', { tags: ['v1'] })
    const multi = await copyImage(layout, dst, 'multi', { tags: ['multi'] })
    proxy.setFaults({ rate: 0, kinds: [] })

    const seen = proxy.requests.slice(before)
    const kinds = new Set(seen.filter((r) => r.faulted).map((r) => r.status))
    expect(kinds).toEqual(new Set([500, 503, 429, 'reset']))
    expect(seen.filter((r) => r.faulted).length).toBeGreaterThan(10)

    const clean = store('faults/app')
    expect((await clean.headManifest('v1'))?.digest).toBe((await layout.headManifest('v1'))?.digest)
    expect((await clean.headManifest('multi'))?.digest).toBe(
      (await layout.headManifest('multi'))?.digest,
    )
    expect(single.descriptor.digest).toBe((await layout.headManifest('v1'))?.digest)
    expect(multi.descriptor.digest).toBe((await layout.headManifest('multi'))?.digest)
    // Every blob the registry holds verifies against its digest.
    const pulled = await LayoutStore.open(join(work, 'pulled'), { create: true })
    await copyImage(clean, pulled, 'multi', { tags: ['multi'] })
  })

  it('honours Retry-After on 429', async () => {
    proxy.setFaults({ rate: 1, kinds: [429], retryAfterSeconds: 1 })
    const dst = store('faults/retry-after', 2)
    const before = { retries: retries.length, requests: proxy.requests.length }
    await expect(dst.headManifest('v1')).rejects.toThrow(/TOOMANYREQUESTS|429/)
    proxy.setFaults({ rate: 0, kinds: [] })
    // Two attempts with one pause between them: the second the server asked for, not the
    // 5 ms base of the backoff.
    expect(proxy.requests.slice(before.requests).map((r) => r.status)).toEqual([429, 429])
    expect(retries.slice(before.retries)).toEqual([
      expect.stringMatching(/: status 429.*; retry 1 of 1 in 1000 ms$/),
    ])
  })

  it('stops after the bounded retries with an error naming the registry and the last status', async () => {
    proxy.setFaults({ rate: 1, kinds: [503] })
    const before = proxy.requests.length
    const dst = store('faults/down', 4)
    const err = await copyImage(layout, dst, 'v1', { tags: ['v1'] }).catch((e: unknown) => e)
    proxy.setFaults({ rate: 0, kinds: [] })
    expect(err).toBeInstanceOf(RegistryError)
    const message = (err as RegistryError).message
    expect(message).toContain(proxy.host)
    expect(message).toMatch(/after 4 attempts; last: status 503/)
    expect((err as RegistryError).code).toBe('REGISTRY_UNREACHABLE')
    // Each of the four blob checks was tried exactly 4 times; no upload or manifest write began.
    const tries = new Map<string, number>()
    for (const r of proxy.requests.slice(before))
      tries.set(`${r.method} ${r.path}`, (tries.get(`${r.method} ${r.path}`) ?? 0) + 1)
    expect([...tries.keys()].every((k) => k.startsWith('HEAD /v2/faults/down/blobs/'))).toBe(true)
    expect([...tries.values()]).toEqual([4, 4, 4, 4])
    expect(await store('faults/down').listTags()).toEqual([])
  })

  it('reports a reset connection as the last problem when every attempt is reset', async () => {
    proxy.setFaults({ rate: 1, kinds: ['reset'] })
    const err = await store('faults/reset', 3)
      .headManifest('v1')
      .catch((e: unknown) => e)
    proxy.setFaults({ rate: 0, kinds: [] })
    expect((err as Error).message).toMatch(
      new RegExp(`${proxy.host}.*after 3 attempts; last: connection error`),
    )
  })

  /**
   * The status of every PUT of a manifest through the proxy since `before`, but the token
   * challenge (401) a first request of a repository may meet: that is auth, not the manifest.
   */
  const manifestPuts = (before: number, repository: string): (number | 'reset')[] =>
    proxy.requests
      .slice(before)
      .filter((r) => r.method === 'PUT' && r.path.startsWith(`/v2/${repository}/manifests/`))
      .map((r) => r.status)
      .filter((status) => status !== 401)

  it('writes a manifest again when the registry has not yet settled a blob it references', async () => {
    // What distribution answered in CI while another process's push of the same blob rewrote the
    // blob's link file: the blob is there, the registry just read it mid-write.
    const dst = store('faults/settling')
    const before = { requests: proxy.requests.length, retries: retries.length }
    proxy.refuseNext((m, p) => m === 'PUT' && p.includes('/manifests/'), 1, 400, [
      'DIGEST_INVALID',
      'MANIFEST_BLOB_UNKNOWN',
    ])
    const image = await copyImage(layout, dst, 'v1', { tags: ['v1'] })
    // The manifest by digest is refused once and written again; then the tag.
    expect(manifestPuts(before.requests, 'faults/settling')).toEqual([400, 201, 201])
    expect(retries.slice(before.retries)).toEqual([
      expect.stringMatching(
        /PUT manifest sha256:[a-f0-9]{64}: status 400 \(.*MANIFEST_BLOB_UNKNOWN.*\); retry 1 /,
      ),
    ])
    expect((await store('faults/settling').headManifest('v1'))?.digest).toBe(
      image.descriptor.digest,
    )
  })

  it('gives up on a manifest whose blob never arrives after the bounded retries, with the registry’s error', async () => {
    const dst = store('faults/missing-blob', 4)
    const config = bufferSource(Buffer.from('{}'))
    await dst.putBlob(config)
    // The layer was never uploaded: the registry itself refuses the manifest.
    const manifest = manifestBytes(config, [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: `sha256:${'0'.repeat(64)}`,
        size: 1,
      },
    ])
    const before = proxy.requests.length
    const err = await dst
      .putManifest(manifest, 'application/vnd.oci.image.manifest.v1+json', 'never')
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect(err).toMatchObject({ code: 'REGISTRY_ERROR', status: 400 })
    expect((err as Error).message).toMatch(/PUT manifest never answered 400 \(.*BLOB_UNKNOWN/)
    expect(manifestPuts(before, 'faults/missing-blob')).toEqual([400, 400, 400, 400])
    expect(await store('faults/missing-blob').listTags()).toEqual([])
  })

  it('does not retry other refusals of a manifest', async () => {
    const dst = store('faults/invalid')
    const before = proxy.requests.length
    const err = await dst
      .putManifest(Buffer.from('not json'), 'application/vnd.oci.image.manifest.v1+json', 'bad')
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'REGISTRY_ERROR', status: 400 })
    expect((err as Error).message).toMatch(/PUT manifest bad answered 400 \(MANIFEST_INVALID/)
    expect(manifestPuts(before, 'faults/invalid')).toEqual([400])
  })

  it('sends no credentials to an upload Location on another host', async () => {
    // A registry (here a stand-in that speaks just enough of the API) names another host for the upload.
    const server = http.createServer((req, res) => {
      if (req.headers.authorization !== 'Basic ' + Buffer.from('u:secret-pw').toString('base64')) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end()
      } else if (req.method === 'HEAD') res.writeHead(404).end()
      else if (req.method === 'POST')
        res.writeHead(202, { location: `http://${blobHost.host}/upload?session=1` }).end()
      else res.writeHead(500).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const before = blobHost.requests.length
      const hostile = new RegistryStore(host, 'x/y', {
        credentials: { username: 'u', password: 'secret-pw' },
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      })
      // The blob host answers the upload's PUT with 404: the client followed the Location.
      await expect(hostile.putBlob(bufferSource(Buffer.from('payload')))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        status: 404,
        message: expect.stringMatching(/PUT blob sha256:[a-f0-9]{64} answered 404/),
      })
      const reached = blobHost.requests.slice(before)
      expect(reached.length).toBeGreaterThan(0)
      for (const r of reached) expect(r.headers.authorization).toBeUndefined()
    } finally {
      server.close()
    }
  })

  it('never sends Authorization to another host when a blob GET is redirected', async () => {
    const dst = store('faults/redirect')
    const image = await copyImage(layout, dst, 'v1', { tags: ['v1'] })
    const manifest = JSON.parse((await dst.getManifest('v1')).bytes.toString()) as {
      layers: { digest: string; size: number }[]
    }
    const layer = manifest.layers[0]!
    // The other host serves the real bytes, as a storage backend behind a registry would.
    const bytes = await layout.readBlob(layer)
    blobHost.serve(`/v2/faults/redirect/blobs/${layer.digest}`, bytes)
    proxy.setRedirectBlobsTo(blobHost.host)
    try {
      const got = await dst.readBlob(layer)
      expect(got.equals(bytes)).toBe(true)
    } finally {
      proxy.setRedirectBlobsTo(undefined)
    }
    const redirected = proxy.requests.filter((r) => r.status === 307)
    expect(redirected.length).toBeGreaterThan(0)
    // The registry itself got credentials on the same request...
    expect(redirected.at(-1)?.authorization).toMatch(/^Bearer /)
    // ...and the other host got none.
    expect(blobHost.requests.length).toBeGreaterThan(0)
    for (const r of blobHost.requests) {
      expect(r.headers.authorization).toBeUndefined()
      expect(r.headers.cookie).toBeUndefined()
    }
    expect(image.descriptor.digest).toMatch(/^sha256:/)
  })
})
