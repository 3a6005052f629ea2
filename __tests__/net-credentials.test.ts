/**
 * Credentials stay with the origin that asked for them, and auth failures are answered once:
 * hostile registries (a storage host with a realm of its own, expiring tokens, lying digests)
 * stand in for what Debian's registry will not do; the wrong-password cases use the real one.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RegistryError, ReleaseError } from '../src/errors.js'
import { copyImage, LayoutStore, RegistryStore } from '../src/oci/index.js'
import { startFaultProxy } from './helpers/fault-proxy.js'
import {
  startHostileRegistry,
  type HostileRegistry,
  type SeenRequest,
} from './helpers/hostile-registry.js'
import { startRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }
const USER = 'deployer'
const PASSWORD = 'registry-password-9f3a'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

async function hostile(...args: Parameters<typeof startHostileRegistry>): Promise<HostileRegistry> {
  const server = await startHostileRegistry(...args)
  stops.push(() => server.stop())
  return server
}

/** Every way a credential could ride along: headers, query, and the secrets themselves. */
function leaks(requests: SeenRequest[], secrets: string[]): string[] {
  const found: string[] = []
  for (const r of requests) {
    const text = `${r.path} ${JSON.stringify(r.headers)}`
    if (r.headers.authorization !== undefined) found.push(`${r.path}: authorization header`)
    for (const s of secrets) {
      if (text.includes(s) || text.includes(Buffer.from(s).toString('base64')))
        found.push(`${r.path}: ${s}`)
    }
  }
  return found
}

describe('credentials are bound to the origin that challenged for them', () => {
  it.each(['basic', 'bearer'] as const)(
    'a blob redirect to a storage host with its own %s realm gets no credential',
    async (kind) => {
      const registry = await hostile({ auth: { kind, username: USER, password: PASSWORD } })
      // Another loopback address: another origin, and a realm of its own that would take anything.
      const storage = await hostile({
        address: '127.0.0.2',
        auth: { kind: 'bearer', username: 'storage-user', password: 'storage-pw' },
      })
      expect(storage.origin).not.toBe(registry.origin)
      const image = registry.addImage('shop/app', 'v1')
      registry.behaviour.redirectBlobsTo = storage.origin
      const secrets: string[] = []
      const store = new RegistryStore(registry.host, 'shop/app', {
        credentials: { username: USER, password: PASSWORD },
        retry: FAST,
        onSecret: (s) => secrets.push(s),
      })

      // The manifest read teaches the client the registry's challenge, so the blob GET carries
      // credentials from its first try: the case that leaked.
      expect((await store.getManifest('v1')).digest).toBe(image.manifest.digest)
      const err = await store.readBlob(image.layer).catch((e: unknown) => e)

      // Positive controls: the registry got credentials on the blob GET, the storage host was asked.
      const blobGets = registry.requests.filter((r) => r.path.includes('/blobs/'))
      expect(blobGets.length).toBeGreaterThan(0)
      expect(blobGets.every((r) => r.headers.authorization !== undefined)).toBe(true)
      expect(storage.requests.filter((r) => r.path.includes('/blobs/')).length).toBeGreaterThan(0)
      // ...and nothing of ours reached the storage host or its realm, in any request.
      const tokens = registry.issued
      expect(kind === 'bearer' ? tokens.length : 1).toBeGreaterThan(0)
      expect(leaks(storage.requests, [PASSWORD, USER, ...tokens])).toEqual([])
      expect(storage.requests.filter((r) => r.path.startsWith('/token'))).toEqual([])
      expect(storage.issued).toEqual([])
      expect(err).toBeInstanceOf(RegistryError)
      expect((err as RegistryError).code).toBe('REGISTRY_AUTH')
      expect((err as Error).message).toContain(storage.origin)
    },
  )

  it('a registry that learned its challenge keeps its own realm after a foreign 401', async () => {
    const registry = await hostile({ auth: { kind: 'basic', username: USER, password: PASSWORD } })
    const storage = await hostile({
      address: '127.0.0.2',
      auth: { kind: 'bearer', username: 'x', password: 'y' },
    })
    const image = registry.addImage('shop/app', 'v1')
    const store = new RegistryStore(registry.host, 'shop/app', {
      credentials: { username: USER, password: PASSWORD },
      retry: FAST,
    })
    await store.getManifest('v1')
    registry.behaviour.redirectBlobsTo = storage.origin
    await expect(store.readBlob(image.layer)).rejects.toMatchObject({ code: 'REGISTRY_AUTH' })
    registry.behaviour.redirectBlobsTo = undefined
    // The foreign challenge taught nothing: Basic to the registry still works.
    expect((await store.readBlob(image.layer)).equals(image.layer.bytes)).toBe(true)
    expect(leaks(storage.requests, [PASSWORD])).toEqual([])
  })
})

const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address

describe.skipIf(!outside)('a plain http token realm', () => {
  it('on a host that may not use plain http gets nothing, unless listed', async () => {
    const realm = await hostile({
      address: outside,
      auth: { kind: 'bearer', username: USER, password: PASSWORD },
    })
    const registry = await hostile({
      auth: { kind: 'bearer', username: USER, password: PASSWORD, realm: `${realm.origin}/token` },
    })
    registry.addImage('shop/app', 'v1')
    const open = (insecureRegistries: string[]): RegistryStore =>
      new RegistryStore(registry.host, 'shop/app', {
        credentials: { username: USER, password: PASSWORD },
        insecureRegistries,
        retry: FAST,
      })
    const err = await open([])
      .getManifest('v1')
      .catch((e: unknown) => e)
    expect((err as RegistryError).code).toBe('REGISTRY_AUTH')
    expect((err as Error).message).toContain(realm.origin)
    expect((err as RegistryError).hint).toContain('insecure-registry')
    expect(realm.requests).toEqual([])
    // Positive control: listed, the realm is asked (and its token, foreign to the registry, fails).
    await expect(open([realm.host]).getManifest('v1')).rejects.toThrow()
    expect(realm.requests.filter((r) => r.path.startsWith('/token'))).toHaveLength(1)
  })
})

describe('tokens', () => {
  it('refreshes an expired token once, then succeeds; every token is masked', async () => {
    const registry = await hostile({ auth: { kind: 'bearer', username: USER, password: PASSWORD } })
    const image = registry.addImage('shop/app', 'v1')
    const masked: string[] = []
    const store = new RegistryStore(registry.host, 'shop/app', {
      credentials: { username: USER, password: PASSWORD },
      retry: FAST,
      onSecret: (s) => masked.push(s),
    })
    await store.getManifest('v1')
    expect(registry.issued.length).toBe(1)
    registry.expireTokens()
    const before = registry.requests.length
    expect((await store.getManifest('v1')).digest).toBe(image.manifest.digest)
    const seen = registry.requests.slice(before)
    // 401 with the stale token, one token fetch, the repeat with the fresh one.
    expect(seen.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /v2/shop/app/manifests/v1',
      'GET /token',
      'GET /v2/shop/app/manifests/v1',
    ])
    expect(registry.issued.length).toBe(2)
    for (const token of registry.issued) expect(masked).toContain(token)
    expect(masked).toContain(PASSWORD)
  })

  it.each(['basic', 'bearer'] as const)(
    'a wrong %s password fails once with REGISTRY_AUTH, no retry storm',
    async (kind) => {
      const registry = await hostile({ auth: { kind, username: USER, password: PASSWORD } })
      registry.addImage('shop/app', 'v1')
      const store = new RegistryStore(registry.host, 'shop/app', {
        credentials: { username: USER, password: 'wrong' },
        retry: FAST,
      })
      const err = await store.getManifest('v1').catch((e: unknown) => e)
      expect((err as RegistryError).code).toBe('REGISTRY_AUTH')
      expect((err as Error).message).toContain(registry.host)
      // Anonymous try, then one try with the credentials (Basic) or one token request (Bearer).
      expect(registry.requests.map((r) => r.path.split('?')[0])).toEqual(
        kind === 'basic'
          ? ['/v2/shop/app/manifests/v1', '/v2/shop/app/manifests/v1']
          : ['/v2/shop/app/manifests/v1', '/token'],
      )
    },
  )
})

const real = needTools('docker-registry', 'htpasswd', 'openssl')

describe.skipIf(!real)('a wrong password against the real registry', () => {
  it.each(['htpasswd', 'token'] as const)(
    '%s: one refusal per call, counted at the wire',
    async (mode) => {
      const registry = await startRegistry(mode)
      stops.push(() => registry.stop())
      const proxy = await startFaultProxy(registry.host)
      stops.push(() => proxy.stop())
      const store = (password: string): RegistryStore =>
        new RegistryStore(proxy.host, 'auth/app', {
          credentials: { username: registry.username, password },
          retry: FAST,
        })
      const err = await store('wrong-password')
        .getManifest('v1')
        .catch((e: unknown) => e)
      expect((err as RegistryError).code).toBe('REGISTRY_AUTH')
      expect((err as Error).message).not.toContain('wrong-password')
      const registryCalls = proxy.requests.length
      const tokenCalls = registry.token?.requests.length ?? 0
      expect(registryCalls + tokenCalls).toBeLessThanOrEqual(2)
      if (mode === 'token') expect(registry.token?.requests.map((r) => r.status)).toEqual([401])
      // Positive control: the right password gets through the same proxy.
      const right = store(registry.password!)
      await expect(right.getManifest('v1')).rejects.toMatchObject({ code: 'NOT_FOUND' })
      expect(proxy.requests.length).toBeGreaterThan(registryCalls)
    },
  )
})

describe('a registry that lies', () => {
  it('about a blob: DIGEST_MISMATCH, and nothing is written downstream', async () => {
    const registry = await hostile()
    const image = registry.addImage('shop/app', 'v1')
    registry.behaviour.lies.set(image.layer.digest, Buffer.alloc(image.layer.size, 1))
    const work = await mkdtemp(join(tmpdir(), 'net-lies-'))
    stops.push(() => rm(work, { recursive: true, force: true }))
    const layout = await LayoutStore.open(join(work, 'layout'), { create: true })
    const src = new RegistryStore(registry.host, 'shop/app', { retry: FAST })
    const err = await copyImage(src, layout, 'v1', { tags: ['v1'] }).catch((e: unknown) => e)
    expect((err as ReleaseError).code).toBe('DIGEST_MISMATCH')
    const blobs = async (): Promise<string[]> =>
      readdir(join(work, 'layout', 'blobs', 'sha256')).catch(() => [])
    expect(await blobs()).not.toContain(image.layer.digest.slice(7))
    expect(await blobs()).not.toContain(image.manifest.digest.slice(7))
    expect(await layout.headManifest('v1')).toBeUndefined()
    // Positive control: once it stops lying, the same copy writes the blob and the tag.
    registry.behaviour.lies.clear()
    await copyImage(src, layout, 'v1', { tags: ['v1'] })
    expect(await blobs()).toContain(image.layer.digest.slice(7))
    expect((await layout.headManifest('v1'))?.digest).toBe(image.manifest.digest)
  })

  it('about a manifest: DIGEST_MISMATCH by digest and by tag', async () => {
    const registry = await hostile()
    const image = registry.addImage('shop/app', 'v1')
    registry.behaviour.lies.set(
      image.manifest.digest,
      Buffer.concat([image.manifest.bytes, Buffer.from(' ')]),
    )
    const store = new RegistryStore(registry.host, 'shop/app', { retry: FAST })
    await expect(store.getManifest(image.manifest.digest)).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
    })
    // By tag there is nothing to compare with but the registry's own Docker-Content-Digest.
    await expect(store.getManifest('v1')).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' })
    registry.behaviour.lies.clear()
    expect((await store.getManifest('v1')).digest).toBe(image.manifest.digest)
  })

  it('about a media type: MANIFEST_INVALID', async () => {
    const registry = await hostile()
    registry.addImage('shop/app', 'v1')
    registry.behaviour.manifestContentType = 'application/vnd.docker.distribution.manifest.v2+json'
    const store = new RegistryStore(registry.host, 'shop/app', { retry: FAST })
    await expect(store.getManifest('v1')).rejects.toMatchObject({ code: 'MANIFEST_INVALID' })
    registry.behaviour.manifestContentType = undefined
    await expect(store.getManifest('v1')).resolves.toMatchObject({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    })
  })
})

describe('Link pages', () => {
  it('a tag list whose last page links back to the first stops with an error', async () => {
    const registry = await hostile()
    registry.behaviour.loopTagPages = true
    const store = new RegistryStore(registry.host, 'shop/app', { retry: FAST })
    const err = await store.listTags().catch((e: unknown) => e)
    expect((err as RegistryError).code).toBe('REGISTRY_ERROR')
    expect((err as Error).message).toMatch(/links back to .*an earlier page/)
    expect(registry.requests.filter((r) => r.path.includes('/tags/list')).length).toBe(2)
    // Positive control: without the loop the two pages are read to the end.
    registry.behaviour.loopTagPages = false
    expect(await store.listTags()).toEqual(['a'])
  })
})
