import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import { bufferSource } from '../oci/blob-source.js'
import { LayoutStore } from '../oci/layout.js'
import { isIndexType, MediaType, toOciLayer } from '../oci/media-types.js'
import { formatReference, parseReference } from '../oci/reference.js'
import { parseManifest } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex, ImageManifest, Platform } from '../oci/types.js'
import {
  openBuildRegistry,
  type Builder,
  type BuildRequest,
  type BuildResult,
  type ImageSettings,
} from './builder.js'
import { compileOrThrow, placeEntries, walkContext } from './context.js'
import { writeLayer } from './layer.js'
import { DEPENDENCY_LAYERS, splitLayers } from './layering.js'
import { byteCounter, progressOf } from '../progress.js'

/** An image config as far as this builder edits it; every other field passes through untouched. */
interface ImageConfig {
  created?: string
  architecture: string
  os: string
  variant?: string
  config?: {
    User?: string
    ExposedPorts?: Record<string, object>
    Env?: string[]
    Entrypoint?: string[] | null
    Cmd?: string[] | null
    WorkingDir?: string
    Labels?: Record<string, string> | null
    [key: string]: unknown
  }
  rootfs: { type: 'layers'; diff_ids: string[] }
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[]
  [key: string]: unknown
}

interface BasePlatform {
  platform: Platform
  manifest?: ImageManifest
  manifestDigest?: string
  config: ImageConfig
}

interface ResolvedBase {
  store?: Store
  name?: string
  digest?: string
  index: boolean
  platforms: BasePlatform[]
}

export const DEFAULT_DESTINATION = '/app'

/** RFC 3339 without milliseconds: what every other tool writes for a whole-second time. */
export function isoSeconds(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

async function resolveBase(request: BuildRequest): Promise<ResolvedBase> {
  const scratch: ResolvedBase = {
    index: false,
    // A fixed platform: the layer holds files only, and a digest must not depend on the build host.
    platforms: [
      {
        platform: { architecture: 'amd64', os: 'linux' },
        config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
      },
    ],
  }
  if (!request.base || request.base === 'scratch') return scratch
  const ref = parseReference(request.base, 'base')
  const store = await openBuildRegistry(request, ref)
  const root = await store.getManifest(ref.digest ?? ref.tag ?? 'latest')
  const name = formatReference({ ...ref, digest: undefined })
  const readPlatform = async (manifestBytes: Buffer, digest: string): Promise<BasePlatform> => {
    const manifest = parseManifest(manifestBytes, `base manifest ${digest}`) as ImageManifest
    const config = JSON.parse(
      (await store.readBlob(manifest.config)).toString('utf8'),
    ) as ImageConfig
    const platform: Platform = { architecture: config.architecture, os: config.os }
    if (config.variant) platform.variant = config.variant
    return { platform, manifest, manifestDigest: digest, config }
  }
  if (!isIndexType(root.mediaType)) {
    return {
      store,
      name,
      digest: root.digest,
      index: false,
      platforms: [await readPlatform(root.bytes, root.digest)],
    }
  }
  const index = parseManifest(root.bytes, `base index ${root.digest}`) as ImageIndex
  const platforms: BasePlatform[] = []
  for (const child of index.manifests) {
    // Attestation manifests (buildkit's unknown/unknown) are not runnable platforms.
    if (!child.platform || child.platform.os === 'unknown') continue
    const fetched = await store.getManifest(child.digest)
    const base = await readPlatform(fetched.bytes, fetched.digest)
    platforms.push({ ...base, platform: child.platform })
  }
  if (platforms.length === 0) {
    throw new UserError('INPUT_INVALID', `base image ${request.base} lists no platform`, {
      input: 'base',
      valid: 'an image or an index with at least one linux platform, or scratch',
    })
  }
  return { store, name, digest: root.digest, index: true, platforms }
}

/** Docker semantics: a new entrypoint drops the base's command unless a command is given too. */
export function applySettings(
  config: ImageConfig,
  settings: ImageSettings,
  destination: string,
): void {
  const c = { ...(config.config ?? {}) }
  const env = new Map<string, string>()
  for (const line of c.Env ?? []) {
    const eq = line.indexOf('=')
    env.set(eq < 0 ? line : line.slice(0, eq), eq < 0 ? '' : line.slice(eq + 1))
  }
  for (const [k, v] of Object.entries(settings.env)) env.set(k, v)
  if (env.size) c.Env = [...env].map(([k, v]) => `${k}=${v}`)
  if (settings.entrypoint) {
    c.Entrypoint = settings.entrypoint
    c.Cmd = settings.cmd ?? null
  } else if (settings.cmd) c.Cmd = settings.cmd
  c.WorkingDir = settings.workdir ?? destination
  if (settings.user) c.User = settings.user
  if (settings.ports.length) {
    const ports = { ...(c.ExposedPorts ?? {}) }
    for (const p of settings.ports) ports[p.includes('/') ? p : `${p}/tcp`] = {}
    c.ExposedPorts = Object.fromEntries(Object.entries(ports).sort(([a], [b]) => (a < b ? -1 : 1)))
  }
  if (Object.keys(settings.labels).length) {
    const labels = { ...(c.Labels ?? {}), ...settings.labels }
    c.Labels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))
  }
  config.config = c
}

/**
 * Builds without a daemon: the context's files become deterministic layers on top of the base (or
 * nothing), for every platform the base has: dependency folders first, one layer each, then the
 * rest, so a source change leaves the dependency layers' digests as they were. The same files
 * and source date give the same digest on any machine.
 */
export class NativeBuilder implements Builder {
  readonly name = 'native' as const

  async build(request: BuildRequest): Promise<BuildResult> {
    const base = await resolveBase(request)
    const destination = request.settings.workdir ?? DEFAULT_DESTINATION
    // Compiled before the walk, so a bad pattern fails before anything is read or written.
    const patterns = (request.layers ?? DEPENDENCY_LAYERS).map((pattern) => {
      if (pattern.startsWith('!')) {
        throw new UserError('INPUT_INVALID', `'${pattern}' cannot choose a layer's files`, {
          input: 'layers',
          valid: '.dockerignore-style patterns without !, one layer per line',
        })
      }
      return { pattern, matcher: compileOrThrow([pattern], 'layers') }
    })
    const found = await walkContext(request.context, {
      include: request.include,
      exclude: request.exclude,
    })
    const layout = await LayoutStore.open(join(request.workDir, 'layout'), { create: true })
    // Layers are written beside the blobs they become, so adopting one is a rename.
    const layerDir = join(request.workDir, 'layout', 'blobs', 'sha256')
    await mkdir(layerDir, { recursive: true })
    const read = byteCounter(progressOf(request.logger, 'layers'), 'read')
    const layers: { descriptor: Descriptor; diffId: string; what: string; createdBy: string }[] = []
    for (const [i, part] of splitLayers(found, patterns).entries()) {
      // Each layer holds its own parent folders, so it unpacks alone and its bytes depend on its files only.
      const entries = placeEntries(part.entries, destination)
      const layer = await writeLayer(entries, {
        mtime: request.sourceDateEpoch,
        outFile: join(layerDir, `.layer-${process.pid}-${i}.tmp`),
        onFile: (size) => read.add(size, 1),
      })
      await layout.adoptBlob(layer.path, { digest: layer.digest, size: layer.size })
      const what = `${part.pattern === undefined ? 'the rest' : `'${part.pattern}'`} (${part.entries.length} entries)`
      layers.push({
        descriptor: { mediaType: MediaType.OciLayerGzip, digest: layer.digest, size: layer.size },
        diffId: layer.diffId,
        what,
        createdBy: `immutable-release native: COPY ${what} to ${destination}`,
      })
    }
    read.done()
    request.logger.info(
      `layers: ${layers.map((l) => `${l.descriptor.digest.slice(7, 19)} ${l.what}`).join('; ')}`,
    )

    const created = isoSeconds(request.sourceDateEpoch)
    const baseAnnotations = (digest?: string): Record<string, string> =>
      base.name && digest
        ? {
            'org.opencontainers.image.base.digest': digest,
            'org.opencontainers.image.base.name': base.name,
          }
        : {}
    const manifests: Descriptor[] = []
    for (const p of base.platforms) {
      const config: ImageConfig = structuredClone(p.config)
      config.created = created
      applySettings(config, request.settings, destination)
      config.rootfs = {
        type: 'layers',
        diff_ids: [...(config.rootfs?.diff_ids ?? []), ...layers.map((l) => l.diffId)],
      }
      config.history = [
        ...(config.history ?? []),
        ...layers.map((l) => ({ created, created_by: l.createdBy })),
      ]
      const configBytes = Buffer.from(JSON.stringify(config))
      const configDesc = await putJson(layout, configBytes, MediaType.OciConfig)
      const manifest: ImageManifest = {
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        config: configDesc,
        layers: [...(p.manifest?.layers ?? []).map(toOciLayer), ...layers.map((l) => l.descriptor)],
        annotations: sortKeys({ ...request.annotations, ...baseAnnotations(p.manifestDigest) }),
      }
      const desc = await layout.putManifest(
        Buffer.from(JSON.stringify(manifest)),
        MediaType.OciManifest,
      )
      manifests.push({ ...desc, platform: p.platform })
    }

    let root: Descriptor
    if (base.index) {
      const index: ImageIndex = {
        schemaVersion: 2,
        mediaType: MediaType.OciIndex,
        manifests,
        annotations: sortKeys({ ...request.annotations, ...baseAnnotations(base.digest) }),
      }
      root = await layout.putManifest(
        Buffer.from(JSON.stringify(index)),
        MediaType.OciIndex,
        'build',
      )
    } else {
      const only = manifests[0]!
      const fetched = await layout.getManifest(only.digest)
      root = await layout.putManifest(fetched.bytes, fetched.mediaType, 'build')
    }
    return {
      builder: 'native',
      layout,
      reference: 'build',
      descriptor: root,
      platforms: base.platforms.map((p) => p.platform),
      baseStore: base.store,
      base: base.name && base.digest ? { name: base.name, digest: base.digest } : undefined,
    }
  }
}

async function putJson(layout: LayoutStore, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const source = bufferSource(bytes)
  await layout.putBlob(source)
  return { mediaType, digest: source.digest, size: source.size }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))
}
