/**
 * https against Debian's registry with a certificate from the test's own CA (openssl, in the
 * test's temp folder), trusted through `registry-ca`; the insecure-registry rules; and token
 * realms an https registry may and may not send the password to.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { RegistryError } from '../src/errors.js'
import { copyImage, LayoutStore, RegistryStore, type RegistryOptions } from '../src/oci/index.js'
import { readTrustedCa, withNetwork } from '../src/oci/network.js'
import { startHostileRegistry } from './helpers/hostile-registry.js'
import { writeImage } from './helpers/images.js'
import { startRegistry, type AuthMode, type TestRegistry } from './helpers/registry-server.js'
import { issueServerCert, makeCa, type ServerCert, type TestCa } from './helpers/test-ca.js'
import { haveTool, needTools } from './helpers/tools.js'

const execFileAsync = promisify(execFile)
const ok = needTools('docker-registry', 'htpasswd', 'openssl', 'tar', 'gzip')
const FAST = { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }

/** An address of this machine that is not loopback, so that plain http to it is not implied. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address

describe.skipIf(!ok)('a registry over https', () => {
  let work: string
  let ca: TestCa
  let otherCa: TestCa
  let cert: ServerCert
  const stops: (() => Promise<void>)[] = []

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'net-tls-'))
    ca = await makeCa(work, 'test-ca')
    otherCa = await makeCa(work, 'other-ca')
    cert = await issueServerCert(ca, work, ['127.0.0.1', ...(outside ? [outside] : [])])
  }, 60_000)

  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
  })

  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  async function tlsRegistry(mode: AuthMode): Promise<TestRegistry> {
    const registry = await startRegistry(mode, {
      tls: { certificate: cert.certPath, key: cert.keyPath },
    })
    stops.push(() => registry.stop())
    return registry
  }

  async function layoutWithImage(name: string) {
    const layout = await LayoutStore.open(join(work, name), { create: true })
    const image = await writeImage(layout, [{ 'a.txt': `${name}\n` }], { tag: 'v1' })
    return { layout, image }
  }

  const credentials = (r: TestRegistry): RegistryOptions['credentials'] =>
    r.username ? { username: r.username, password: r.password } : undefined

  it('pushes and pulls over https with registry-ca, and skopeo reads the same digest', async () => {
    const registry = await tlsRegistry('htpasswd')
    const { layout, image } = await layoutWithImage('push-pull')
    const trusted = readTrustedCa(ca.certPath, 'registry-ca')
    const store = new RegistryStore(registry.host, 'tls/app', {
      credentials: credentials(registry),
      ca: trusted,
      retry: FAST,
    })
    const pushed = await copyImage(layout, store, 'v1', { tags: ['v1'] })
    expect(pushed.descriptor.digest).toBe(image.descriptor.digest)
    const back = await LayoutStore.open(join(work, 'pulled'), { create: true })
    await copyImage(store, back, 'v1', { tags: ['v1'] })
    expect((await back.headManifest('v1'))?.digest).toBe(image.descriptor.digest)

    if (haveTool('skopeo')) {
      const certDir = join(work, 'certs.d')
      await mkdir(certDir, { recursive: true })
      await writeFile(join(certDir, 'ca.crt'), trusted.pem)
      const policy = join(work, 'policy.json')
      await writeFile(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }))
      const { stdout } = await execFileAsync('skopeo', [
        '--policy',
        policy,
        'inspect',
        '--cert-dir',
        certDir,
        '--creds',
        `${registry.username}:${registry.password}`,
        `docker://${registry.host}/tls/app:v1`,
      ])
      expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(image.descriptor.digest)
    }
  })

  it("a command's registry-ca reaches the clients it opens", async () => {
    const registry = await tlsRegistry('none')
    const { layout, image } = await layoutWithImage('ambient')
    const config = readConfig(
      (name) =>
        ({ image: `${registry.host}/tls/ambient`, 'registry-ca': ca.certPath })[name] as
          string | undefined,
      { GITHUB_ACTIONS: '' },
    )
    expect(config.registryCa?.path).toBe(ca.certPath)
    const digest = await withNetwork({ ca: config.registryCa, retry: FAST }, async () => {
      const store = new RegistryStore(registry.host, 'tls/ambient')
      await copyImage(layout, store, 'v1', { tags: ['v1'] })
      return (await store.headManifest('v1'))?.digest
    })
    expect(digest).toBe(image.descriptor.digest)
  })

  it.each([
    ['a wrong CA', true],
    ['no CA', false],
  ])('%s fails naming the host and registry-ca, and never falls back to http', async (_, give) => {
    const registry = await tlsRegistry('htpasswd')
    const { layout } = await layoutWithImage(`wrong-${String(give)}`)
    const store = new RegistryStore(registry.host, 'tls/wrong', {
      credentials: credentials(registry),
      ca: give ? readTrustedCa(otherCa.certPath, 'registry-ca') : undefined,
      // Loopback and listed: plain http would be allowed, were the registry not speaking TLS.
      insecureRegistries: [registry.host],
      retry: FAST,
    })
    const err = await copyImage(layout, store, 'v1', { tags: ['v1'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    const message = (err as RegistryError).message
    expect(message).toContain(registry.host)
    expect(message).toMatch(/not trusted/)
    expect(`${message} ${(err as RegistryError).hint ?? ''}`).toContain('registry-ca')
    if (give) expect(message).toContain(otherCa.certPath)
    // The failure is the certificate's: a fallback to plain http would have met the registry's
    // 400 "Client sent an HTTP request to an HTTPS server" instead.
    const cause = (err as RegistryError).cause as NodeJS.ErrnoException
    expect(cause.code).toMatch(/CERT|SELF_SIGNED|UNABLE_TO/)
    expect(message).not.toMatch(/\b400\b/)
  })

  it('refuses an http token realm for an https registry and never sends the password', async () => {
    const registry = await tlsRegistry('token')
    const token = registry.token!
    expect(token.url).toMatch(/^http:/)
    const store = new RegistryStore(registry.host, 'tls/realm', {
      credentials: credentials(registry),
      ca: readTrustedCa(ca.certPath, 'registry-ca'),
      retry: FAST,
    })
    const err = await store.headManifest('v1').catch((e: unknown) => e)
    expect((err as RegistryError).code).toBe('REGISTRY_AUTH')
    const message = (err as Error).message
    expect(message).toContain(`https://${registry.host}`)
    expect(message).toContain(new URL(token.url).origin)
    expect(token.requests).toEqual([])
    // Positive control: the token server records what reaches it.
    await fetch(`${token.url}?scope=repository:x:pull`).then((r) => r.arrayBuffer())
    expect(token.requests).toHaveLength(1)
  })

  it('sends the password to an https realm that the https registry named', async () => {
    const registry = await startHostileRegistry({
      tls: { key: cert.key, cert: cert.cert },
      auth: { kind: 'bearer', username: 'u', password: 'p-secret' },
    })
    stops.push(() => registry.stop())
    const image = registry.addImage('tls/app', 'v1')
    const store = new RegistryStore(registry.host, 'tls/app', {
      credentials: { username: 'u', password: 'p-secret' },
      ca: readTrustedCa(ca.certPath, 'registry-ca'),
      retry: FAST,
    })
    expect((await store.getManifest('v1')).digest).toBe(image.manifest.digest)
    expect(registry.requests.filter((r) => r.path.startsWith('/token'))).toHaveLength(1)
    expect(registry.issued).toHaveLength(1)
  })

  describe.skipIf(!outside)('plain http for a host that is not loopback', () => {
    it('is refused unless the host is listed in insecure-registry', async () => {
      const registry = await startRegistry('none', { address: outside })
      stops.push(() => registry.stop())
      const { layout, image } = await layoutWithImage('outside')
      const unlisted = new RegistryStore(registry.host, 'plain/app', { retry: FAST })
      const err = await copyImage(layout, unlisted, 'v1', { tags: ['v1'] }).catch((e: unknown) => e)
      expect((err as RegistryError).code).toBe('REGISTRY_UNREACHABLE')
      expect(`${(err as Error).message} ${(err as RegistryError).hint}`).toContain(
        'insecure-registry',
      )
      expect((err as Error).message).toContain(registry.host)
      // Positive control: listed, the same push goes through over http.
      const listed = new RegistryStore(registry.host, 'plain/app', {
        insecureRegistries: [registry.host],
        retry: FAST,
      })
      await copyImage(layout, listed, 'v1', { tags: ['v1'] })
      expect((await listed.headManifest('v1'))?.digest).toBe(image.descriptor.digest)
    })

    it('an https registry on it stays https even when listed', async () => {
      const registry = await startRegistry('none', {
        address: outside,
        tls: { certificate: cert.certPath, key: cert.keyPath },
      })
      stops.push(() => registry.stop())
      const { layout, image } = await layoutWithImage('outside-tls')
      const store = new RegistryStore(registry.host, 'tls/app', {
        insecureRegistries: [registry.host],
        ca: readTrustedCa(ca.certPath, 'registry-ca'),
        retry: FAST,
      })
      // Plain http to it would be answered 400; the push going through is the https.
      await copyImage(layout, store, 'v1', { tags: ['v1'] })
      expect((await store.headManifest('v1'))?.digest).toBe(image.descriptor.digest)
    })
  })
})
