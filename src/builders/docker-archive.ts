import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { ReleaseError } from '../errors.js'
import { LayoutStore } from '../oci/layout.js'
import { MediaType } from '../oci/media-types.js'
import type { Descriptor, ImageManifest } from '../oci/types.js'

/** One image of `docker save`'s manifest.json (the docker-archive format of daemons before 25). */
interface ArchiveImage {
  Config: string
  RepoTags?: string[] | null
  Layers: string[]
}

/**
 * Turns an unpacked `docker save` archive (`dir`) into an OCI image in `layout`, tagged `tag`:
 * the config as it is, each uncompressed layer tar gzip-compressed, and a manifest carrying
 * `annotations` (the classic builder and the daemon's BuildKit without buildx cannot write them).
 * Daemons from Docker 25 on save an OCI layout themselves; this is for the older ones.
 */
export async function layoutFromDockerArchive(
  dir: string,
  layout: LayoutStore,
  tag: string,
  annotations: Record<string, string>,
): Promise<Descriptor> {
  const images = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ArchiveImage[]
  if (!Array.isArray(images) || images.length !== 1 || !images[0]?.Config) {
    throw new ReleaseError(
      'BUILD_FAILED',
      `docker save wrote ${Array.isArray(images) ? images.length : 'no'} images to ${dir}, expected one`,
    )
  }
  const [image] = images as [ArchiveImage]
  const config = await putFile(layout, join(dir, image.Config), MediaType.OciConfig)
  const layers: Descriptor[] = []
  for (const layer of image.Layers) {
    const gz = join(dir, `${layer}.gz`)
    const hash = createHash('sha256')
    await pipeline(
      createReadStream(join(dir, layer)),
      createGzip(),
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk)
          done(null, chunk)
        },
      }),
      createWriteStream(gz),
    )
    const digest = `sha256:${hash.digest('hex')}`
    const { size } = await stat(gz)
    // Hashed while it was written: moved into the layout's blobs, not read and copied again.
    await layout.adoptBlob(gz, { digest, size })
    layers.push({ mediaType: MediaType.OciLayerGzip, digest, size })
  }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config,
    layers,
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  }
  return layout.putManifest(Buffer.from(JSON.stringify(manifest)), MediaType.OciManifest, tag)
}

async function putFile(layout: LayoutStore, path: string, mediaType: string): Promise<Descriptor> {
  const { size } = await stat(path)
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  const digest = `sha256:${hash.digest('hex')}`
  await layout.putBlob({
    digest,
    size,
    open: async (start = 0, end = size) => createReadStream(path, { start, end: end - 1 }),
  })
  return { mediaType, digest, size }
}
