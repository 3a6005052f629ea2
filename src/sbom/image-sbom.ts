/**
 * The packages of an image in a registry, for a scan: each platform manifest's CycloneDX referrer
 * when the release attached one, else an SBOM built from its layers by the same generator a
 * release uses (older releases, images from elsewhere). Nothing is written to the registry.
 */
import { isIndexType } from '../oci/media-types.js'
import { parseManifest } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex } from '../oci/types.js'
import { readReferrers } from '../sign/referrer.js'
import { CYCLONEDX_MEDIA_TYPE } from './cyclonedx.js'
import { platformSbom } from './generate.js'
import { bomPackages, type ScanPackage } from './osv.js'

export interface ImageSbom {
  digest: string
  packages: ScanPackage[]
  /** Per platform manifest: whether its SBOM came from a referrer or was built from its layers. */
  platforms: { digest: string; from: 'referrer' | 'layers' }[]
  /** The base image the SBOM names (`org.opencontainers.image.base.name`), when it names one. */
  base?: string
}

interface Bom {
  components?: { purl?: string; name?: string; properties?: { name: string; value: string }[] }[]
}

/** Platform manifests of an index; attestation manifests (platform unknown/unknown) are not images. */
function platformsOf(index: ImageIndex): Descriptor[] {
  return index.manifests.filter((d) => !isIndexType(d.mediaType) && d.platform?.os !== 'unknown')
}

export async function imageSbom(
  store: Store,
  repository: string,
  digest: string,
): Promise<ImageSbom> {
  const fetched = await store.getManifest(digest)
  const index = isIndexType(fetched.mediaType)
    ? (parseManifest(fetched.bytes, `index ${digest}`) as ImageIndex)
    : undefined
  const subjects: Descriptor[] = index
    ? platformsOf(index)
    : [{ mediaType: fetched.mediaType, digest, size: fetched.bytes.length }]
  const annotations = index?.annotations
  const byPurl = new Map<string, ScanPackage>()
  const platforms: ImageSbom['platforms'] = []
  let base: string | undefined
  for (const subject of subjects) {
    const attached = await readReferrers(store, subject.digest, CYCLONEDX_MEDIA_TYPE)
    let bom: Bom
    if (attached.length) {
      bom = JSON.parse(attached[0]!.blob.toString('utf8')) as Bom
      platforms.push({ digest: subject.digest, from: 'referrer' })
    } else {
      const built = await platformSbom({ store, repository, subject, annotations })
      bom = JSON.parse(built.bom.toString('utf8')) as Bom
      platforms.push({ digest: subject.digest, from: 'layers' })
    }
    base ??= bom.components?.find((c) =>
      c.properties?.some((p) => p.name === 'immutable-release:role' && p.value === 'base-image'),
    )?.name
    for (const p of bomPackages(bom)) {
      const seen = byPurl.get(p.purl)
      if (!seen) byPurl.set(p.purl, p)
      else {
        seen.layers = [...new Set([...seen.layers, ...p.layers])]
        seen.paths = [...new Set([...seen.paths, ...p.paths])]
      }
    }
  }
  return { digest, packages: [...byPurl.values()], platforms, ...(base ? { base } : {}) }
}
