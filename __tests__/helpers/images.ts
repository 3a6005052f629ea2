import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  MediaType,
  bufferSource,
  type Descriptor,
  type Platform,
  type Store,
  LayoutStore,
} from '../../src/oci/index.js'

/** A real tar+gzip layer holding `files`, made with the system tar so independent readers can unpack it. */
export function makeLayer(files: Record<string, string | Buffer>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'layer-'))
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), content)
    }
    const tar = execFileSync(
      'tar',
      [
        '-C',
        dir,
        '--sort=name',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--mtime=@0',
        '-cf',
        '-',
        '.',
      ],
      {
        maxBuffer: 1024 * 1024 * 1024,
      },
    )
    return gzipSync(tar)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function putBytes(
  store: Store,
  bytes: Buffer,
): Promise<{ digest: string; size: number }> {
  const source = bufferSource(bytes)
  await store.putBlob(source)
  return { digest: source.digest, size: source.size }
}

export interface TestImage {
  descriptor: Descriptor
  bytes: Buffer
  layers: Descriptor[]
}

/** A single-platform image whose layers hold the given files (one record per layer). */
export async function writeImage(
  store: Store,
  layers: Record<string, string | Buffer>[],
  options: { tag?: string; platform?: Platform; push?: boolean } = {},
): Promise<TestImage> {
  const platform = options.platform ?? { architecture: 'amd64', os: 'linux' }
  const layerDescs: Descriptor[] = []
  const diffIds: string[] = []
  for (const files of layers) {
    const gz = makeLayer(files)
    const { digest, size } = await putBytes(store, gz)
    layerDescs.push({ mediaType: MediaType.OciLayerGzip, digest, size })
    diffIds.push(
      `sha256:${createHash('sha256')
        .update(execFileSync('gzip', ['-dc'], { input: gz, maxBuffer: 1 << 30 }))
        .digest('hex')}`,
    )
  }
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  )
  const configDesc = await putBytes(store, config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, ...configDesc },
      layers: layerDescs,
    }),
  )
  const descriptor = await store.putManifest(manifest, MediaType.OciManifest, options.tag)
  return { descriptor: { ...descriptor, platform }, bytes: manifest, layers: layerDescs }
}

/** A two-platform index over two single-platform images. */
export async function writeIndex(
  store: Store,
  tag?: string,
): Promise<{ descriptor: Descriptor; children: TestImage[] }> {
  const amd = await writeImage(store, [{ 'etc/arch': 'amd64\n' }], {
    platform: { architecture: 'amd64', os: 'linux' },
  })
  const arm = await writeImage(store, [{ 'etc/arch': 'arm64\n' }], {
    platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
  })
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: [amd.descriptor, arm.descriptor],
    }),
  )
  const descriptor = await store.putManifest(index, MediaType.OciIndex, tag)
  return { descriptor, children: [amd, arm] }
}

export function randomFile(dir: string, size: number): string {
  const path = join(dir, `random-${size}`)
  const chunk = 1024 * 1024
  // Written a MiB at a time so the test process never holds the whole file.
  writeFileSync(path, '')
  for (let written = 0; written < size; written += chunk)
    appendFileSync(path, randomBytes(Math.min(chunk, size - written)))
  return path
}

/**
 * A new, empty layout on disk: a layout opened with `create` is made by its first write, and a
 * test that puts files into the folder itself (a lock, a temp file) needs the folder first.
 */
export async function makeLayout(dir: string): Promise<LayoutStore> {
  const store = await LayoutStore.open(dir, { create: true })
  await store.putBlob(bufferSource(Buffer.from('{}')))
  return store
}

/** The bytes of an OCI image manifest with this config and these layers (no other fields). */
export function manifestBytes(
  config: { digest: string; size: number },
  layers: { mediaType: string; digest: string; size: number }[],
): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, digest: config.digest, size: config.size },
      layers: layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
    }),
  )
}
