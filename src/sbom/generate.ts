/**
 * One platform image -> its SBOM: the layers are streamed from the store (nothing is run or
 * unpacked to disk), the package databases in them parsed, and for native builds the context's
 * npm lockfile added. The same generator serves native, buildah and docker builds.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ReleaseError } from '../errors.js'
import type { Logger } from '../logger.js'
import { parseManifest } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageManifest, Platform } from '../oci/types.js'
import {
  DIST_INFO_METADATA,
  LockfileError,
  NODE_PACKAGE_JSON,
  parseDistInfoMetadata,
  parseInstalledPackageJson,
  parsePackageLock,
} from './app-packages.js'
import { cyclonedxBom } from './cyclonedx.js'
import { goBinaryPackages, goBuildInfoScan, parseGoBuildInfo } from './go-binaries.js'
import { readImageFiles } from './layers.js'
import { parseApkInstalled, parseDpkgStatus, parseOsRelease, type Distro } from './os-packages.js'
import type { FoundPackage } from './package.js'
import type { ContentScan, TarEntry } from './tar.js'

const OS_RELEASE = ['etc/os-release', 'usr/lib/os-release']
const DPKG_STATUS = 'var/lib/dpkg/status'
const DPKG_STATUS_D = /^var\/lib\/dpkg\/status\.d\/[^/]+$/
const APK_INSTALLED = 'lib/apk/db/installed'
/** Package databases are kilobytes to a few megabytes; anything far larger is not one. */
const MAX_FILE = 64 * 1024 * 1024
/** The lockfiles read from a native build's context, first found wins (npm's own preference). */
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json']

/** Executables are read in passing for Go build information; only what follows it is kept. */
const MIN_BINARY = 4096
const MAX_BINARY = 1024 * 1024 * 1024

export function wantedFile(entry: TarEntry): boolean | ContentScan {
  const p = entry.path
  const named =
    OS_RELEASE.includes(p) ||
    p === DPKG_STATUS ||
    (DPKG_STATUS_D.test(p) && !p.endsWith('.md5sums')) ||
    p === APK_INSTALLED ||
    NODE_PACKAGE_JSON.test(p) ||
    DIST_INFO_METADATA.test(p)
  if (named) return entry.size <= MAX_FILE
  return entry.mode & 0o111 && entry.size >= MIN_BINARY && entry.size <= MAX_BINARY
    ? goBuildInfoScan()
    : false
}

export interface ImagePackages {
  distro?: Distro
  packages: FoundPackage[]
}

/** The packages in a platform image's layers. */
export async function imagePackages(store: Store, layers: Descriptor[]): Promise<ImagePackages> {
  const files = await readImageFiles(store, layers, wantedFile)
  const text = (path: string) => files.get(path)?.data.toString('utf8')
  const osRelease = text(OS_RELEASE[0]!) ?? text(OS_RELEASE[1]!)
  const distro = osRelease === undefined ? undefined : parseOsRelease(osRelease)
  const packages: FoundPackage[] = []
  for (const f of [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const body = () => f.data.toString('utf8')
    if (f.path === DPKG_STATUS || DPKG_STATUS_D.test(f.path)) {
      packages.push(...parseDpkgStatus(body(), f.path, f.layer))
    } else if (f.path === APK_INSTALLED) {
      packages.push(...parseApkInstalled(body(), f.path, f.layer))
    } else if (NODE_PACKAGE_JSON.test(f.path)) {
      const p = parseInstalledPackageJson(f.data, f.path, f.layer)
      if (p) packages.push(p)
    } else if (DIST_INFO_METADATA.test(f.path)) {
      const p = parseDistInfoMetadata(f.data, f.path, f.layer)
      if (p) packages.push(p)
    } else {
      const go = parseGoBuildInfo(f.data)
      if (go) packages.push(...goBinaryPackages(go, f.path, f.layer))
    }
  }
  return { distro, packages }
}

/** The npm packages of the context's lockfile; a lockfile npm 6 wrote is skipped with a warning. */
export async function contextPackages(context: string, logger: Logger): Promise<FoundPackage[]> {
  for (const name of LOCKFILES) {
    let data: Buffer
    try {
      data = await readFile(join(context, name))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    try {
      return parsePackageLock(data, `context:${name}`)
    } catch (e) {
      if (!(e instanceof LockfileError)) throw e
      logger.warning(`sbom: ${e.message}; its packages are not listed`)
      return []
    }
  }
  return []
}

export interface SbomRequest {
  store: Store
  /** `registry/path` of the image, as the record names it. */
  repository: string
  /** A platform manifest (not an index). */
  subject: Descriptor
  /** The index's base annotations, when the platform manifest has none. */
  annotations?: Record<string, string>
  /** Packages from outside the layers (a native build's lockfile). */
  extra?: FoundPackage[]
  /** The source date epoch, seconds. */
  created?: number
}

const BASE_NAME = 'org.opencontainers.image.base.name'
const BASE_DIGEST = 'org.opencontainers.image.base.digest'

/** The CycloneDX SBOM of one platform image, and how many packages it lists. */
export async function platformSbom(req: SbomRequest): Promise<{ bom: Buffer; packages: number }> {
  const fetched = await req.store.getManifest(req.subject.digest)
  const manifest = parseManifest(fetched.bytes, `manifest ${req.subject.digest}`) as ImageManifest
  if (!Array.isArray(manifest.layers)) {
    throw new ReleaseError('MANIFEST_INVALID', `${req.subject.digest} is not a platform manifest`)
  }
  const config = JSON.parse((await req.store.readBlob(manifest.config)).toString('utf8')) as {
    architecture?: string
    os?: string
    variant?: string
  }
  const found = await imagePackages(req.store, manifest.layers)
  const a = { ...req.annotations, ...manifest.annotations }
  const base =
    a[BASE_NAME] && a[BASE_DIGEST] ? { name: a[BASE_NAME], digest: a[BASE_DIGEST] } : undefined
  const platform: Platform | undefined =
    config.architecture && config.os
      ? { architecture: config.architecture, os: config.os, variant: config.variant }
      : undefined
  const packages = [...found.packages, ...(req.extra ?? [])]
  const bom = cyclonedxBom({
    image: { repository: req.repository, digest: req.subject.digest, platform },
    base,
    distro: found.distro,
    packages,
    created: req.created,
  })
  return { bom, packages: packages.length }
}
