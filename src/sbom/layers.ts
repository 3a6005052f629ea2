/**
 * The files of interest in an image, as its layers stack them: read bottom to top, each layer's
 * whiteouts (`.wh.<name>`, and `.wh..wh..opq` for a whole folder) remove what lower layers put
 * there, and a later entry at the same path replaces an earlier one. Only the wanted files are
 * held, with the digest of the layer each one came from.
 */
import type { Store } from '../oci/store.js'
import type { Descriptor } from '../oci/types.js'
import { tarEntries, type ContentScan, type TarEntry } from './tar.js'

export interface ImageFile {
  path: string
  data: Buffer
  /** Digest of the layer (as the manifest lists it) that wrote this file last. */
  layer: string
}

const WHITEOUT = '.wh.'
const OPAQUE = '.wh..wh..opq'

function dropUnder(files: Map<string, ImageFile>, dir: string): void {
  const prefix = dir ? `${dir}/` : ''
  for (const path of files.keys()) if (path.startsWith(prefix)) files.delete(path)
}

/**
 * Streams `layers` from `store` (bottom first) and returns the regular files that `wants` picks
 * (their content, or what their scan kept), as the top of the stack shows them.
 */
export async function readImageFiles(
  store: Store,
  layers: Descriptor[],
  wants: (entry: TarEntry) => boolean | ContentScan,
): Promise<Map<string, ImageFile>> {
  const files = new Map<string, ImageFile>()
  for (const layer of layers) {
    const added = new Map<string, ImageFile>()
    const removed: string[] = []
    const replaced: string[] = []
    const opaque: string[] = []
    const stream = await store.openBlob(layer)
    for await (const entry of tarEntries(stream, wants, `layer ${layer.digest}`)) {
      const slash = entry.path.lastIndexOf('/')
      const dir = slash < 0 ? '' : entry.path.slice(0, slash)
      const base = entry.path.slice(slash + 1)
      if (base === OPAQUE) opaque.push(dir)
      else if (base.startsWith(WHITEOUT)) {
        removed.push((dir ? `${dir}/` : '') + base.slice(WHITEOUT.length))
      } else if (entry.data) {
        added.set(entry.path, { path: entry.path, data: entry.data, layer: layer.digest })
      } else {
        // Anything else at a held path (a symlink, a folder, an unwanted file) replaces it; a
        // folder entry leaves the files under it alone.
        added.delete(entry.path)
        replaced.push(entry.path)
      }
    }
    // Whiteouts hide what lower layers hold; this layer's own entries stay.
    for (const dir of opaque) dropUnder(files, dir)
    for (const path of removed) {
      files.delete(path)
      dropUnder(files, path)
    }
    for (const path of replaced) files.delete(path)
    for (const [path, file] of added) files.set(path, file)
  }
  return files
}
