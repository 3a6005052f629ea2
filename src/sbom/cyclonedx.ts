/**
 * Packages -> CycloneDX 1.6 JSON, through @cyclonedx/cyclonedx-library's models and serializer,
 * with purls from packageurl-js. The same image always gives the same bytes: components are
 * sorted, the serial number is derived from the image digest and the timestamp is the source
 * date, so a re-run finds its SBOM already attached instead of adding a second one.
 */
import { createHash } from 'node:crypto'
// Subpaths, not the package root: the root also loads the schema validators, whose resource
// paths (__dirname) do not exist in the ESM bundle and fail at load.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums'
import * as Models from '@cyclonedx/cyclonedx-library/Models'
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize'
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX'
import * as Spec from '@cyclonedx/cyclonedx-library/Spec'
import { PackageURL } from 'packageurl-js'
import pkg from '../../package.json' with { type: 'json' }
import type { Platform } from '../oci/types.js'
import type { Distro } from './os-packages.js'
import type { FoundPackage } from './package.js'

export const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json'
export const CYCLONEDX_PREDICATE_TYPE = 'https://cyclonedx.org/bom'
/** Property names of ours (CycloneDX properties are free-form, namespaced by convention). */
export const PROPERTY = {
  layer: 'immutable-release:layer',
  path: 'immutable-release:path',
  sourceName: 'immutable-release:source:name',
  sourceVersion: 'immutable-release:source:version',
  /** From the CycloneDX property taxonomy (cdx:npm): a devDependency. */
  npmDevelopment: 'cdx:npm:package:development',
} as const

export interface BomInput {
  /** The platform manifest described: repository (`registry/path`) and digest. */
  image: { repository: string; digest: string; platform?: Platform }
  base?: { name: string; digest: string }
  distro?: Distro
  packages: FoundPackage[]
  /** Seconds since the epoch (the source date); the BOM's timestamp. */
  created?: number
}

/** `registry/path[:tag][@digest]` -> `registry/path` and the tag. */
function splitReference(reference: string): { repository: string; tag?: string } {
  const at = reference.indexOf('@')
  const name = at < 0 ? reference : reference.slice(0, at)
  const colon = name.lastIndexOf(':')
  return colon > name.lastIndexOf('/')
    ? { repository: name.slice(0, colon), tag: name.slice(colon + 1) }
    : { repository: name }
}

/** purl-spec's oci type: the last path segment as name, the repository as repository_url. */
export function ociPurl(reference: string, digest: string, arch?: string): string {
  const { repository, tag } = splitReference(reference)
  const name = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase()
  const qualifiers: Record<string, string> = { repository_url: repository }
  if (arch) qualifiers.arch = arch
  if (tag) qualifiers.tag = tag
  return new PackageURL('oci', undefined, name, digest, qualifiers).toString()
}

export function packagePurl(p: FoundPackage, distro?: Distro): string {
  const qualifiers: Record<string, string> = {}
  let namespace = p.namespace
  if (p.type === 'deb' || p.type === 'apk') {
    namespace = distro?.id ?? (p.type === 'deb' ? 'debian' : 'alpine')
    if (p.arch) qualifiers.arch = p.arch
    if (distro?.versionId) qualifiers.distro = `${distro.id}-${distro.versionId}`
  }
  return new PackageURL(
    p.type,
    namespace,
    p.name,
    p.version,
    Object.keys(qualifiers).length ? qualifiers : undefined,
  ).toString()
}

function license(value: string): Models.License {
  if (SPDX.isSupportedSpdxId(value)) return new Models.SpdxLicense(value)
  return /\s(AND|OR|WITH)\s/.test(value)
    ? new Models.LicenseExpression(value)
    : new Models.NamedLicense(value)
}

/** A UUID (version 5 layout) from the image digest: the same image, the same serial number. */
function serialNumber(digest: string): string {
  const b = createHash('sha256').update(`immutable-release sbom ${digest}`).digest()
  b[6] = (b[6]! & 0x0f) | 0x50
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.subarray(0, 16).toString('hex')
  const parts = [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)]
  return `urn:uuid:${parts.join('-')}`
}

/** One component per purl; a package found at several places lists each place and layer. */
function components(input: BomInput): Models.Component[] {
  const byPurl = new Map<string, { p: FoundPackage; paths: Set<string>; layers: Set<string> }>()
  for (const p of input.packages) {
    const purl = packagePurl(p, input.distro)
    const seen = byPurl.get(purl)
    if (seen) {
      seen.paths.add(p.path)
      if (p.layer) seen.layers.add(p.layer)
      // Installed anywhere as a runtime dependency is what counts.
      if (!p.dev) seen.p = { ...seen.p, dev: false }
    } else {
      byPurl.set(purl, { p, paths: new Set([p.path]), layers: new Set(p.layer ? [p.layer] : []) })
    }
  }
  return [...byPurl].map(([purl, { p, paths, layers }]) => {
    const c = new Models.Component(Enums.ComponentType.Library, p.name, {
      version: p.version,
      purl,
      ...(p.type === 'npm' && p.namespace ? { group: p.namespace } : {}),
    })
    c.bomRef.value = purl
    for (const l of p.licenses ?? []) c.licenses.add(license(l))
    const property = (name: string, value: string) =>
      c.properties.add(new Models.Property(name, value))
    for (const layer of layers) property(PROPERTY.layer, layer)
    for (const path of paths) property(PROPERTY.path, path)
    if (p.source && (p.source.name !== p.name || p.source.version !== p.version)) {
      property(PROPERTY.sourceName, p.source.name)
      property(PROPERTY.sourceVersion, p.source.version)
    } else if (p.source) {
      property(PROPERTY.sourceName, p.source.name)
    }
    if (p.dev) {
      c.scope = Enums.ComponentScope.Excluded
      property(PROPERTY.npmDevelopment, 'true')
    }
    return c
  })
}

/** The CycloneDX 1.6 JSON of one platform image, compact and stable. */
export function cyclonedxBom(input: BomInput): Buffer {
  const bom = new Models.Bom()
  bom.serialNumber = serialNumber(input.image.digest)
  if (input.created !== undefined) bom.metadata.timestamp = new Date(input.created * 1000)
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, pkg.name, {
      version: pkg.version,
    }),
  )
  const arch = input.image.platform?.architecture
  const subject = new Models.Component(Enums.ComponentType.Container, input.image.repository, {
    version: input.image.digest,
    purl: ociPurl(input.image.repository, input.image.digest, arch),
  })
  subject.bomRef.value = subject.purl!.toString()
  bom.metadata.component = subject
  if (input.base) {
    const base = new Models.Component(
      Enums.ComponentType.Container,
      splitReference(input.base.name).repository,
      { version: input.base.digest, purl: ociPurl(input.base.name, input.base.digest, arch) },
    )
    base.bomRef.value = base.purl!.toString()
    base.properties.add(new Models.Property('immutable-release:role', 'base-image'))
    bom.components.add(base)
  }
  if (input.distro) {
    const os = new Models.Component(Enums.ComponentType.OperatingSystem, input.distro.id, {
      version: input.distro.versionId || undefined,
      description: input.distro.prettyName,
    })
    const { id, versionId } = input.distro
    os.bomRef.value = `os:${id}${versionId ? `@${versionId}` : ''}`
    bom.components.add(os)
  }
  for (const c of components(input)) bom.components.add(c)
  const serializer = new Serialize.JsonSerializer(
    new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6),
  )
  return Buffer.from(serializer.serialize(bom, { sortLists: true }), 'utf8')
}
