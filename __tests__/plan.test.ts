import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LayoutStore,
  MediaType,
  type Descriptor,
  type Platform,
  type Store,
} from '../src/oci/index.js'
import { diffImages, readImageFacts, renderPlan, type ImageFacts } from '../src/release/plan.js'
import { makeLayer, putBytes, writeImage, writeIndex } from './helpers/images.js'

let dir: string
let store: Store

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-'))
  store = await LayoutStore.open(dir, { create: true })
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function layer(files: Record<string, string>): Promise<Descriptor> {
  const { digest, size } = await putBytes(store, makeLayer(files))
  return { mediaType: MediaType.OciLayerGzip, digest, size }
}

/** A single-platform image with the given runtime config; returns its digest and total size. */
async function imageWithConfig(
  config: Record<string, unknown>,
  layers: Descriptor[],
  platform: Platform = { architecture: 'amd64', os: 'linux' },
): Promise<{ descriptor: Descriptor; size: number; manifestSize: number; configSize: number }> {
  const configBytes = Buffer.from(
    JSON.stringify({ ...platform, config, rootfs: { type: 'layers', diff_ids: [] } }),
  )
  const configDesc = await putBytes(store, configBytes)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, ...configDesc },
      layers,
    }),
  )
  const descriptor = await store.putManifest(manifest, MediaType.OciManifest)
  const size = manifest.length + configBytes.length + layers.reduce((s, l) => s + l.size, 0)
  return {
    descriptor: { ...descriptor, platform },
    size,
    manifestSize: manifest.length,
    configSize: configBytes.length,
  }
}

async function indexOf(children: Descriptor[]): Promise<{ digest: string; size: number }> {
  const bytes = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: children }),
  )
  const d = await store.putManifest(bytes, MediaType.OciIndex)
  return { digest: d.digest, size: bytes.length }
}

async function manifestSize(digest: string): Promise<number> {
  const m = await store.getManifest(digest)
  const parsed = JSON.parse(m.bytes.toString('utf8')) as {
    config: Descriptor
    layers: Descriptor[]
  }
  return m.bytes.length + parsed.config.size + parsed.layers.reduce((s, l) => s + l.size, 0)
}

describe('readImageFacts and diffImages', () => {
  it('finds no change between an image and itself', async () => {
    const img = await writeImage(store, [{ 'a.txt': 'a\n' }, { 'b.txt': 'b\n' }])
    const facts = await readImageFacts(store, img.descriptor.digest)
    expect(facts.digest).toBe(img.descriptor.digest)
    expect(facts.mediaType).toBe(MediaType.OciManifest)
    expect(facts.size).toBe(await manifestSize(img.descriptor.digest))
    expect(facts.platforms).toHaveLength(1)
    expect(facts.platforms[0]!.platform).toBe('linux/amd64')
    expect(facts.platforms[0]!.layers).toEqual(
      img.layers.map((l) => ({ digest: l.digest, size: l.size })),
    )
    expect(facts.platforms[0]!.config.Cmd).toEqual(['/bin/sh'])

    const diff = diffImages(facts, facts)
    expect(diff.sizeChange).toBe(0)
    expect(diff.platformsAdded).toEqual([])
    expect(diff.platformsRemoved).toEqual([])
    expect(diff.platforms).toEqual([
      { platform: 'linux/amd64', layersAdded: [], layersRemoved: [], configChanges: [] },
    ])
  })

  it('reports one more layer as added, with the size change from the actual bytes', async () => {
    const base = await layer({ 'base.txt': 'base\n' })
    const extra = await layer({ 'extra.txt': 'extra '.repeat(100) })
    const config = { Cmd: ['/bin/sh'] }
    const before = await imageWithConfig(config, [base])
    const after = await imageWithConfig(config, [base, extra])
    const bf = await readImageFacts(store, before.descriptor.digest)
    const af = await readImageFacts(store, after.descriptor.digest)
    expect(bf.size).toBe(before.size)
    expect(af.size).toBe(after.size)

    const diff = diffImages(bf, af)
    expect(diff.platforms).toHaveLength(1)
    expect(diff.platforms[0]!.layersAdded).toEqual([{ digest: extra.digest, size: extra.size }])
    expect(diff.platforms[0]!.layersRemoved).toEqual([])
    expect(diff.platforms[0]!.configChanges).toEqual([])
    // The extra layer, plus the longer manifest (one more descriptor); the config is the same.
    expect(diff.sizeChange).toBe(after.size - before.size)
    const manifestDelta = after.manifestSize - before.manifestSize
    expect(manifestDelta).toBeGreaterThan(0)
    expect(after.configSize).toBe(before.configSize)
    expect(diff.sizeChange).toBe(extra.size + manifestDelta)

    const back = diffImages(af, bf)
    expect(back.sizeChange).toBe(-diff.sizeChange)
    expect(back.platforms[0]!.layersRemoved).toEqual([{ digest: extra.digest, size: extra.size }])
  })

  it('detects Env (masking secrets), User and ExposedPorts changes, and labels', async () => {
    const base = await layer({ 'cfg.txt': 'cfg\n' })
    const before = await imageWithConfig(
      {
        Env: ['PATH=/usr/bin', 'MODE=dev', 'API_TOKEN=old-secret'],
        User: 'root',
        ExposedPorts: { '80/tcp': {} },
        Labels: { team: 'a', gone: 'x' },
        Cmd: ['/bin/sh'],
      },
      [base],
    )
    const after = await imageWithConfig(
      {
        Env: ['PATH=/usr/bin', 'MODE=prod', 'API_TOKEN=new-secret', 'DB_PASSWORD=hunter2'],
        User: '1000:1000',
        ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
        Labels: { team: 'b', fresh: 'y' },
        Cmd: ['/bin/sh'],
      },
      [base],
    )
    const diff = diffImages(
      await readImageFacts(store, before.descriptor.digest),
      await readImageFacts(store, after.descriptor.digest),
    )
    const changes = diff.platforms[0]!.configChanges
    expect(diff.platforms[0]!.layersAdded).toEqual([])
    expect(changes).toEqual([
      { field: 'Env', before: 'API_TOKEN=***', after: 'API_TOKEN=***' },
      { field: 'Env', before: '', after: 'DB_PASSWORD=***' },
      { field: 'Env', before: 'MODE=dev', after: 'MODE=prod' },
      { field: 'User', before: 'root', after: '1000:1000' },
      { field: 'ExposedPorts', before: '80/tcp', after: '443/tcp, 80/tcp' },
      { field: 'Label fresh', before: '', after: 'y' },
      { field: 'Label gone', before: 'x', after: '' },
      { field: 'Label team', before: 'a', after: 'b' },
    ])
    const all = JSON.stringify(changes)
    expect(all).not.toContain('secret')
    expect(all).not.toContain('hunter2')
  })

  it('reports a platform added between two indexes', async () => {
    const two = await writeIndex(store)
    const riscv = await writeImage(store, [{ 'etc/arch': 'riscv64\n' }], {
      platform: { architecture: 'riscv64', os: 'linux' },
    })
    const three = await indexOf([...two.children.map((c) => c.descriptor), riscv.descriptor])
    const bf = await readImageFacts(store, two.descriptor.digest)
    const af = await readImageFacts(store, three.digest)
    expect(bf.mediaType).toBe(MediaType.OciIndex)
    expect(bf.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64/v8'])
    let expectedSize = three.size
    for (const d of [...two.children.map((c) => c.descriptor), riscv.descriptor])
      expectedSize += await manifestSize(d.digest)
    expect(af.size).toBe(expectedSize)

    const diff = diffImages(bf, af)
    expect(diff.platformsAdded).toEqual(['linux/riscv64'])
    expect(diff.platformsRemoved).toEqual([])
    expect(diff.sizeChange).toBe(af.size - bf.size)
    const byName = Object.fromEntries(diff.platforms.map((p) => [p.platform, p]))
    expect(byName['linux/amd64']!.layersAdded).toEqual([])
    expect(byName['linux/arm64/v8']!.layersAdded).toEqual([])
    expect(byName['linux/riscv64']!.layersAdded).toEqual(
      riscv.layers.map((l) => ({ digest: l.digest, size: l.size })),
    )

    const back = diffImages(af, bf)
    expect(back.platformsRemoved).toEqual(['linux/riscv64'])
    expect(back.platformsAdded).toEqual([])
  })

  it('treats everything as new when there is nothing to compare to', async () => {
    const idx = await writeIndex(store)
    const facts = await readImageFacts(store, idx.descriptor.digest)
    const diff = diffImages(undefined, facts)
    expect(diff.sizeChange).toBe(facts.size)
    expect(diff.platformsAdded).toEqual(['linux/amd64', 'linux/arm64/v8'])
    expect(diff.platforms.flatMap((p) => p.layersAdded.map((l) => l.digest))).toEqual(
      idx.children.flatMap((c) => c.layers.map((l) => l.digest)),
    )
    expect(diff.platforms.every((p) => p.layersRemoved.length === 0)).toBe(true)
  })
})

describe('renderPlan', () => {
  function facts(digest: string, size: number, labels: Record<string, string>): ImageFacts {
    return {
      digest,
      mediaType: MediaType.OciManifest,
      size,
      platforms: [
        {
          platform: 'linux/amd64',
          layers: [{ digest: `sha256:${digest.slice(-1).repeat(64)}`, size: 1024 }],
          config: {
            Env: [],
            Entrypoint: null,
            Cmd: ['/bin/sh'],
            User: '',
            WorkingDir: '',
            ExposedPorts: [],
            Labels: labels,
          },
        },
      ],
    }
  }
  const cur = `sha256:${'a'.repeat(64)}`
  const nxt = `sha256:${'b'.repeat(64)}`

  it('shows digests, the signed size change, tags, gates, reproducibility, escaping', () => {
    const md = renderPlan({
      compareTo: 'production',
      current: facts(cur, 3 * 1024 * 1024, { note: 'plain' }),
      next: facts(nxt, 5.5 * 1024 * 1024, { note: 'a|b' }),
      tags: ['v1.2.3', 'sha-abc1234'],
      gates: ['approval by @ops', 'soak 1h in staging'],
      reproducible: { ok: true, digests: [nxt, nxt] },
    })
    expect(md).toContain(`Plan for \`${nxt}\``)
    expect(md).toContain(cur)
    expect(md).toContain('production')
    expect(md).toContain('+2.5 MiB')
    expect(md).toContain('- v1.2.3')
    expect(md).toContain('- sha-abc1234')
    expect(md).toContain('- approval by @ops')
    expect(md).toContain('- soak 1h in staging')
    expect(md).toContain('a\\|b')
    expect(md).not.toMatch(/[^\\]\|b \|/)
    expect(md).toContain('Layers added')
    expect(md).toContain('Layers removed')
    expect(md).toContain('**Reproducible:** yes')
    expect(md.match(new RegExp(nxt, 'g'))!.length).toBeGreaterThanOrEqual(3)
  })

  it('shows a negative change, "no change" for an unchanged platform, a mismatch, caps', () => {
    const same = facts(cur, 2 * 1024 * 1024, {})
    const md = renderPlan({
      current: same,
      next: { ...same, size: 1024 * 1024 },
      tags: Array.from({ length: 60 }, (_, i) => `t${i}`),
      gates: [],
      reproducible: { ok: false, digests: [cur, nxt] },
    })
    expect(md).toContain('-1.0 MiB')
    expect(md).toContain('no change')
    expect(md).toContain('… and 10 more')
    expect(md).toContain('**Reproducible:** no')
    expect(md).toContain(nxt)
  })

  it('stays under 60 KB for a huge diff', () => {
    const many = (n: string): ImageFacts => ({
      digest: `sha256:${n.repeat(64)}`,
      mediaType: MediaType.OciIndex,
      size: 1,
      platforms: Array.from({ length: 40 }, (_, p) => ({
        platform: `linux/arch${p}`,
        layers: Array.from({ length: 200 }, (_, i) => ({
          digest: `sha256:${n}${String(i).padStart(63, '0')}`,
          size: i,
        })),
        config: {
          Env: Array.from({ length: 200 }, (_, i) => `V${i}=${n.repeat(500)}`),
          Entrypoint: null,
          Cmd: null,
          User: '',
          WorkingDir: '',
          ExposedPorts: [],
          Labels: {},
        },
      })),
    })
    const md = renderPlan({ next: many('b'), current: many('a'), tags: [], gates: [] })
    expect(md.length).toBeLessThan(60_000)
    expect(md).toMatch(/… and \d+ more platforms/)
  })
})
