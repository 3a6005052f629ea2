import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyImage,
  fallbackTag,
  LayoutStore,
  MediaType,
  RegistryStore,
  sha256,
  type Descriptor,
  type RegistryOptions,
} from '../src/oci/index.js'
import { putBytes, writeImage, writeIndex } from './helpers/images.js'
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js'
import { startRegistry, type AuthMode, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'htpasswd', 'openssl', 'tar', 'gzip')
const FAST_RETRY = { attempts: 4, baseDelayMs: 10, maxDelayMs: 200 }

describe.skipIf(!ok).each<AuthMode>(['none', 'htpasswd', 'token'])(
  'registry client with auth %s',
  (mode) => {
    let registry: TestRegistry
    let proxy: FaultProxy
    let work: string
    let options: RegistryOptions
    let layout: LayoutStore
    let image: { descriptor: Descriptor }

    beforeAll(async () => {
      registry = await startRegistry(mode)
      // Distribution 2.8 ignores `n` and never paginates; the proxy pages tag lists as the spec
      // and distribution 3 do, so that Link following runs against the real registry's tags.
      proxy = await startFaultProxy(registry.host)
      proxy.setTagPageSize(2)
      work = mkdtempSync(join(tmpdir(), 'registry-test-'))
      options = {
        credentials: registry.username
          ? { username: registry.username, password: registry.password }
          : undefined,
        retry: FAST_RETRY,
      }
      layout = await LayoutStore.open(join(work, 'src'), { create: true })
      image = await writeImage(
        layout,
        [{ 'hello.txt': `hello ${mode}\n` }, { 'bin/tool': 'x'.repeat(5000) }],
        { tag: 'v1' },
      )
    }, 60_000)

    afterAll(async () => {
      await proxy?.stop()
      await registry?.stop()
      rmSync(work, { recursive: true, force: true })
    })

    it('pushes a layout image, then HEADs and pulls it back byte for byte', async () => {
      const dst = new RegistryStore(registry.host, 'demo/push-pull', options)
      const pushed = await copyImage(layout, dst, 'v1', { tags: ['v1'] })
      expect(pushed.descriptor.digest).toBe(image.descriptor.digest)
      expect(pushed.stats.blobs.uploaded).toBe(3)

      const head = await dst.headManifest('v1')
      expect(head).toEqual({
        mediaType: MediaType.OciManifest,
        digest: image.descriptor.digest,
        size: image.descriptor.size,
      })
      expect(await dst.headManifest('no-such-tag')).toBeUndefined()

      const back = await LayoutStore.open(join(work, `pulled-${mode}`), { create: true })
      const pulled = await copyImage(dst, back, 'v1', { tags: ['v1'] })
      expect(pulled.descriptor.digest).toBe(image.descriptor.digest)
      const original = await layout.getManifest('v1')
      const copy = await back.getManifest('v1')
      expect(copy.bytes.equals(original.bytes)).toBe(true)

      const again = await copyImage(layout, dst, 'v1', { tags: ['v1'] })
      expect(again.stats.blobs).toEqual({ exists: 3, mounted: 0, uploaded: 0 })
    })

    // Only token auth has tokens; defined only there so no run reports a skipped test.
    if (mode === 'token')
      it('fetches one token per scope set and reuses it until it expires', async () => {
        const dst = new RegistryStore(registry.host, 'demo/cache', options)
        const before = registry.token!.requests.length
        for (let i = 0; i < 10; i++) await dst.headManifest(`t${i}`)
        const fetched = registry.token!.requests.slice(before)
        expect(fetched.map((r) => r.scopes)).toEqual([['repository:demo/cache:pull']])
        // A push needs more rights: one more token, with push first.
        await copyImage(layout, dst, 'v1', { tags: ['v1'] })
        const after = registry.token!.requests.slice(before).map((r) => r.scopes)
        expect(after).toEqual([['repository:demo/cache:pull'], ['repository:demo/cache:pull,push']])
      })

    it('copies a two-platform index with every child manifest', async () => {
      const idx = await writeIndex(layout, 'multi')
      const dst = new RegistryStore(registry.host, 'demo/multi', options)
      const result = await copyImage(layout, dst, 'multi', { tags: ['multi'] })
      expect(result.descriptor.digest).toBe(idx.descriptor.digest)
      for (const child of idx.children) {
        expect((await dst.headManifest(child.descriptor.digest))?.digest).toBe(
          child.descriptor.digest,
        )
      }
    })

    it('mounts blobs across repositories instead of uploading them', async () => {
      const from = new RegistryStore(registry.host, 'demo/mount-from', options)
      await copyImage(layout, from, 'v1', { tags: ['v1'] })
      const to = new RegistryStore(registry.host, 'other/app', options)
      const result = await copyImage(from, to, 'v1', { tags: ['copied'] })
      expect(result.stats.blobs.mounted).toBe(3)
      expect(result.stats.bytesUploaded).toBe(0)
      expect((await to.headManifest('copied'))?.digest).toBe(image.descriptor.digest)
    })

    it('lists every tag across Link-paginated pages', async () => {
      const dst = new RegistryStore(proxy.host, 'demo/tags', options)
      const tags = ['a', 'B', 'c1', 'd.2', 'e_3', 'f-4', 'g']
      for (const tag of tags) await copyImage(layout, dst, 'v1', { tags: [tag] })
      const before = proxy.requests.length
      const listed = await dst.listTags()
      expect([...listed].sort()).toEqual([...tags].sort())
      const pages = proxy.requests
        .slice(before)
        .filter((r) => r.path.includes('/tags/list') && r.status === 200)
      expect(pages.length).toBe(Math.ceil(tags.length / 2))
    })

    it('finds referrers through the fallback tag when the registry has no referrers API', async () => {
      const dst = new RegistryStore(registry.host, 'demo/referrers', options)
      await copyImage(layout, dst, 'v1', { tags: ['v1'] })
      const subject = {
        mediaType: MediaType.OciManifest,
        digest: image.descriptor.digest,
        size: image.descriptor.size,
      }
      const artifacts: Descriptor[] = []
      for (const type of ['application/vnd.test.a+json', 'application/vnd.test.b+json']) {
        const blob = await putBytes(dst, Buffer.from(JSON.stringify({ type })))
        const manifest = Buffer.from(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: MediaType.OciManifest,
            artifactType: type,
            config: { mediaType: MediaType.OciEmpty, digest: sha256('{}'), size: 2 },
            layers: [{ mediaType: 'application/json', ...blob }],
            subject,
            annotations: { 'org.example.kind': type },
          }),
        )
        await putBytes(dst, Buffer.from('{}'))
        artifacts.push(await dst.putManifest(manifest, MediaType.OciManifest))
      }
      const all = await dst.referrers(image.descriptor.digest)
      expect(all.map((d) => d.digest).sort()).toEqual(artifacts.map((d) => d.digest).sort())
      expect(all.find((d) => d.digest === artifacts[0]!.digest)?.annotations).toEqual({
        'org.example.kind': 'application/vnd.test.a+json',
      })
      const onlyB = await dst.referrers(image.descriptor.digest, 'application/vnd.test.b+json')
      expect(onlyB.map((d) => d.digest)).toEqual([artifacts[1]!.digest])
      expect(await dst.listTags()).toContain(fallbackTag(image.descriptor.digest))

      // Writing the same referrer again does not duplicate it.
      const again = await dst.getManifest(artifacts[0]!.digest)
      await dst.putManifest(again.bytes, again.mediaType)
      expect((await dst.referrers(image.descriptor.digest)).length).toBe(2)
    })
  },
)
