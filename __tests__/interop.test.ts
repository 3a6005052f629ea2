import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyImage,
  LayoutStore,
  MediaType,
  RegistryStore,
  sha256,
  type Descriptor,
  type ImageIndex,
  type RegistryOptions,
} from '../src/oci/index.js'
import { makeLayer, putBytes, writeImage, writeIndex, type TestImage } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const execFileAsync = promisify(execFile)
const ok = needTools('docker-registry', 'htpasswd', 'skopeo', 'umoci', 'tar', 'gzip')
const HELLO = 'hello from immutable-release\n'
const CREATED = '2024-05-01T12:00:00Z'

/** An image whose config carries history, as builders write it, for umoci stat to report. */
async function writeImageWithHistory(store: LayoutStore, tag: string) {
  const gz = makeLayer({ 'hello.txt': HELLO })
  const layer = { mediaType: MediaType.OciLayerGzip, ...(await putBytes(store, gz)) }
  const diffId = `sha256:${createHash('sha256').update(gunzipSync(gz)).digest('hex')}`
  const history = [
    { created: CREATED, created_by: 'COPY hello.txt /', comment: 'the only layer' },
    { created: CREATED, created_by: 'CMD ["/bin/sh"]', empty_layer: true },
  ]
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: CREATED,
      config: { Cmd: ['/bin/sh'], Env: ['GREETING=hello'] },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history,
    }),
  )
  const configDesc = { mediaType: MediaType.OciConfig, ...(await putBytes(store, config)) }
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: configDesc,
      layers: [layer],
    }),
  )
  const descriptor = await store.putManifest(bytes, MediaType.OciManifest, tag)
  expect(descriptor.digest).toBe(sha256(bytes))
  return { descriptor, layer, diffId, history }
}

/**
 * Independent implementations read what we write and write what we read: skopeo (containers/image)
 * over the registry API and OCI layouts, umoci over OCI layouts.
 */
describe.skipIf(!ok)('interoperability with skopeo and umoci', () => {
  let registry: TestRegistry
  let work: string
  let policy: string
  let creds: string
  let options: RegistryOptions
  let ours: LayoutStore
  let image: TestImage
  let multi: { descriptor: Descriptor; children: TestImage[] }

  /** Runs skopeo with a throwaway trust policy and no user or system auth and registry files. */
  async function skopeo(...args: string[]): Promise<string> {
    try {
      const { stdout } = await execFileAsync('skopeo', ['--policy', policy, ...args], {
        env: { ...process.env, REGISTRY_AUTH_FILE: join(work, 'auth.json'), HOME: work },
        maxBuffer: 64 * 1024 * 1024,
      })
      return stdout
    } catch (e) {
      const { stderr } = e as { stderr?: string }
      throw new Error(`skopeo ${args.join(' ')} failed: ${stderr ?? ''}`, { cause: e })
    }
  }

  async function umoci(...args: string[]): Promise<string> {
    try {
      const { stdout } = await execFileAsync('umoci', args, { maxBuffer: 64 * 1024 * 1024 })
      return stdout
    } catch (e) {
      const { stderr } = e as { stderr?: string }
      throw new Error(`umoci ${args.join(' ')} failed: ${stderr ?? ''}`, { cause: e })
    }
  }

  async function drain(stream: NodeJS.ReadableStream): Promise<number> {
    let size = 0
    for await (const chunk of stream) size += (chunk as Buffer).length
    return size
  }

  beforeAll(async () => {
    registry = await startRegistry('htpasswd')
    work = mkdtempSync(join(tmpdir(), 'interop-'))
    // Debian's skopeo may come without /etc/containers/policy.json, and a developer's may be strict.
    policy = join(work, 'policy.json')
    writeFileSync(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }))
    creds = `${registry.username}:${registry.password}`
    options = {
      credentials: { username: registry.username, password: registry.password },
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 200 },
    }
    ours = await LayoutStore.open(join(work, 'ours'), { create: true })
    image = await writeImage(ours, [{ 'hello.txt': HELLO }, { 'etc/os-release': 'ID=test\n' }], {
      tag: 'v1',
    })
    multi = await writeIndex(ours, 'multi')
    const dst = new RegistryStore(registry.host, 'demo/app', options)
    await copyImage(ours, dst, 'v1', { tags: ['v1'] })
    await copyImage(ours, dst, 'multi', { tags: ['multi'] })
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('skopeo inspect sees our pushed digest, layers and exact manifest bytes', async () => {
    const ref = `docker://${registry.host}/demo/app:v1`
    const inspected = JSON.parse(
      await skopeo('inspect', '--tls-verify=false', '--creds', creds, ref),
    ) as { Digest: string; Layers: string[]; Architecture: string; Os: string }
    expect(inspected.Digest).toBe(image.descriptor.digest)
    expect(inspected.Layers).toEqual(image.layers.map((l) => l.digest))
    expect(inspected).toMatchObject({ Architecture: 'amd64', Os: 'linux' })

    const raw = await skopeo('inspect', '--raw', '--tls-verify=false', '--creds', creds, ref)
    expect(raw).toBe(image.bytes.toString('utf8'))
  })

  it('skopeo copies our pushed image to a layout that we read and verify', async () => {
    const dir = join(work, 'from-skopeo')
    await skopeo(
      'copy',
      '--src-tls-verify=false',
      '--src-creds',
      creds,
      `docker://${registry.host}/demo/app:v1`,
      `oci:${dir}:v1`,
    )
    const layout = await LayoutStore.open(dir)
    expect(await layout.listTags()).toEqual(['v1'])
    const got = await layout.getManifest('v1')
    expect(got.digest).toBe(image.descriptor.digest)
    expect(got.bytes.equals(image.bytes)).toBe(true)
    for (const layer of image.layers) {
      // openBlob's stream fails at its end unless the bytes hash to the descriptor.
      expect(await drain(await layout.openBlob(layer))).toBe(layer.size)
    }
  })

  it('skopeo copies our two-platform index with --all and we read every child', async () => {
    const dir = join(work, 'multi-from-skopeo')
    await skopeo(
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--src-creds',
      creds,
      `docker://${registry.host}/demo/app:multi`,
      `oci:${dir}:multi`,
    )
    const layout = await LayoutStore.open(dir)
    const index = await layout.getManifest('multi')
    expect(index.digest).toBe(multi.descriptor.digest)
    expect(index.mediaType).toBe(MediaType.OciIndex)
    const listed = (JSON.parse(index.bytes.toString('utf8')) as ImageIndex).manifests
    expect(listed.map((d) => d.platform?.architecture)).toEqual(['amd64', 'arm64'])
    for (const child of multi.children) {
      const got = await layout.getManifest(child.descriptor.digest)
      expect(got.bytes.equals(child.bytes)).toBe(true)
      for (const layer of child.layers) {
        expect(await drain(await layout.openBlob(layer))).toBe(layer.size)
      }
    }
  })

  it('umoci lists, stats and unpacks a layout we wrote', async () => {
    const dir = join(work, 'ours')
    const built = await writeImageWithHistory(ours, 'with-history')
    const tags = (await umoci('ls', '--layout', dir)).split('\n').filter(Boolean)
    expect(tags.sort()).toEqual(['multi', 'v1', 'with-history'])

    const stat = JSON.parse(await umoci('stat', '--image', `${dir}:with-history`, '--json')) as {
      history: {
        layer?: Descriptor
        diff_id?: string
        created_by?: string
        empty_layer?: boolean
      }[]
    }
    // umoci pairs each non-empty history entry with the manifest's layer and the config's diff_id.
    expect(stat.history).toHaveLength(2)
    expect(stat.history[0]).toMatchObject({
      layer: { digest: built.layer.digest, size: built.layer.size },
      diff_id: built.diffId,
      created_by: 'COPY hello.txt /',
    })
    expect(stat.history[1]).toMatchObject({ created_by: 'CMD ["/bin/sh"]', empty_layer: true })

    // Rootless, so it runs as any user (a plain unpack needs root to set the owners).
    const bundle = join(work, 'bundle')
    await umoci('unpack', '--rootless', '--image', `${dir}:v1`, bundle)
    expect(await readFile(join(bundle, 'rootfs', 'hello.txt'), 'utf8')).toBe(HELLO)
    expect(await readFile(join(bundle, 'rootfs', 'etc', 'os-release'), 'utf8')).toBe('ID=test\n')
    const runtime = JSON.parse(await readFile(join(bundle, 'config.json'), 'utf8')) as {
      process?: { args?: string[] }
    }
    expect(runtime.process?.args).toEqual(['/bin/sh'])
  })

  it('skopeo pushes from our layout and the registry holds our exact manifest', async () => {
    await skopeo(
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      creds,
      `oci:${join(work, 'ours')}:v1`,
      `docker://${registry.host}/demo/fromskopeo:v1`,
    )
    // No conversion is needed (OCI manifest to a registry that takes OCI), so skopeo keeps the
    // bytes and the digest is ours.
    const store = new RegistryStore(registry.host, 'demo/fromskopeo', options)
    const got = await store.getManifest('v1')
    expect(got.digest).toBe(image.descriptor.digest)
    expect(got.bytes.equals(image.bytes)).toBe(true)
  })
})
